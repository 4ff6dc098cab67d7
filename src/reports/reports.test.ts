// The PDFs: valid, the expected pages, the safety-critical strings (docs/clinical-reference.md §2 withdrawal/overdose signs,
// §3 refill reconciliation), and byte-identical output for identical input.
import { describe, expect, it } from 'vitest';
import { sampleRecord, SAMPLE_NOW } from '../fhir/test-fixtures.ts';
import { DRUG_EMERGENCY } from '../therapy/drug-emergency.ts';
import type { DrugId } from '../therapy/drug.ts';
import { emergencyCardPdf } from './emergency-card.ts';
import { pdfText } from './pdf-common.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';
import { refillReportData, refillReportPdf } from './refill-report.ts';
import { emergencyCardData } from './report-data.ts';
import { boardRow } from '../clinic/risk-board.ts';

const r = sampleRecord();
const implant = r.implants[0];
const refill = r.refills[0];
if (implant === undefined || refill === undefined) throw new Error('fixture');
// The dates the app prints: the one projection of the records (clinic/risk-board.ts boardRow) at the refill.
const dates = boardRow(
  {
    patient: r.patient,
    implants: r.implants,
    current: r.prescriptions.at(-1) ?? null,
    refills: [refill],
    sessions: [],
    openAlerts: [],
  },
  refill.at,
);
const card = emergencyCardData({
  patient: r.patient,
  implant,
  therapy: dates.therapy,
  notDelivering: null,
  prescribedBy: { runs: 'Ann Novak (physician)', pending: null },
  refillBy: dates.refillBy,
  appointments: r.appointments,
  missedRefillBooking: null,
  battery: null,
  now: SAMPLE_NOW,
});
const report = refillReportData({
  patient: r.patient,
  implant,
  refill,
  prescription: r.prescriptions.at(-1) ?? null,
  appointments: r.appointments,
  dates,
});

const allText = async (pdf: Buffer) => (await readPdf(pdf)).text.join(' ');
const pageCount = async (pdf: Buffer) => (await readPdf(pdf)).pages;
const hasWords = (text: string, phrase: string) => hasPhrase(text, pdfText(phrase));

describe('emergency card (docs/clinical-reference.md §2)', () => {
  it('is a 2-page PDF with drug, dose, pump, clinic and every withdrawal and overdose sign', async () => {
    const pdf = await emergencyCardPdf(card, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pageCount(pdf)).toBe(2);
    const text = await allText(pdf);
    for (const s of [
      'DO NOT STOP BACLOFEN ABRUPTLY',
      '2,000 mcg/mL',
      'NGP123456H',
      '20 mL',
      'tip at T10',
      '+44 20 7946 0000',
      'MRI',
      'interrogated',
      'spinal cord injury at T6 or above',
      'Fri 10 May 2024',
      ...(DRUG_EMERGENCY.baclofen.withdrawal?.signs ?? []),
      ...DRUG_EMERGENCY.baclofen.overdoseSigns,
    ]) {
      expect(hasWords(text, s), s).toBe(true);
    }
  });

  it('flags a booked refill that falls after the refill-by date', async () => {
    expect(card.refillBy).not.toBeNull();
    expect(card.nextRefillAppointment ?? 0).toBeGreaterThan(card.refillBy ?? 0);
    expect(
      hasWords(await allText(await emergencyCardPdf(card, { compress: false })), 'AFTER the due date'),
    ).toBe(true);
  });

  it('a card printed a month after its refill-by gave the date as still to come: it says the date passed', async () => {
    const refillBy = card.refillBy ?? 0;
    const text = async (issuedAt: number) =>
      allText(await emergencyCardPdf({ ...card, issuedAt }, { compress: false }));
    expect(hasWords(await text(refillBy + 30 * 86_400_000), 'PASSED: call the clinic today')).toBe(true);
    expect(hasWords(await text(refillBy - 86_400_000), 'PASSED')).toBe(false);
  });

  it('is byte-identical for identical data (compressed too)', async () => {
    expect((await emergencyCardPdf(card)).equals(await emergencyCardPdf(card))).toBe(true);
  });

  it('opioid status missing from the emergency card: it reads opioid-tolerant, or not recorded', async () => {
    const cardOf = (opioidStatus: 'tolerant' | null) =>
      emergencyCardData({
        patient: { ...r.patient, opioidStatus },
        implant,
        therapy: dates.therapy,
        notDelivering: null,
        prescribedBy: { runs: null, pending: null },
        refillBy: dates.refillBy,
        appointments: r.appointments,
        missedRefillBooking: null,
        battery: null,
        now: SAMPLE_NOW,
      });
    const tolerant = await allText(await emergencyCardPdf(cardOf('tolerant'), { compress: false }));
    expect(hasWords(tolerant, 'Opioid status opioid-tolerant')).toBe(true);
    const unknown = await allText(await emergencyCardPdf(cardOf(null), { compress: false }));
    expect(hasWords(unknown, 'Opioid status not recorded')).toBe(true);
  });
});

describe('each drug’s emergency card (therapy/drug-emergency.ts)', () => {
  const cardFor = (drug: DrugId) =>
    emergencyCardData({
      patient: r.patient,
      implant,
      therapy: {
        runs: { mode: 'simple-continuous', drug, concentrationMcgPerMl: 2000, doseMcgPerDay: 500 },
        pending: null,
      },
      notDelivering: null,
      prescribedBy: { runs: null, pending: null },
      refillBy: dates.refillBy,
      appointments: r.appointments,
      missedRefillBooking: null,
      battery: null,
      now: SAMPLE_NOW,
    });

  it('the emergency card of a morphine pump said INTRATHECAL BACLOFEN PUMP and DO NOT STOP BACLOFEN: each drug’s card prints its own words on two pages, and no other drug’s', async () => {
    for (const drug of Object.keys(DRUG_EMERGENCY) as DrugId[]) {
      const e = DRUG_EMERGENCY[drug];
      const pdf = await emergencyCardPdf(cardFor(drug), { compress: false });
      expect(await pageCount(pdf), drug).toBe(2);
      const text = await allText(pdf);
      for (const s of [
        e.title,
        e.warning,
        ...(e.withdrawal?.signs ?? []),
        ...e.overdoseSigns,
        ...e.whatToDo,
      ]) {
        expect(hasWords(text, s), `${drug}: ${s}`).toBe(true);
      }
      if (drug !== 'baclofen') expect(text, drug).not.toMatch(/baclofen/i);
    }
  });

  it('a morphine refill’s report ended with “Do not stop intrathecal baclofen abruptly”: the note on paper is the refilled drug’s', async () => {
    const morphine = refillReportData({
      patient: r.patient,
      implant,
      refill: { ...refill, drug: 'morphine', concentrationNgPerMl: 10_000_000 },
      prescription: null,
      appointments: r.appointments,
      dates,
    });
    const text = await allText(await refillReportPdf(morphine, { compress: false }));
    expect(hasWords(text, DRUG_EMERGENCY.morphine.paperNote)).toBe(true);
    expect(text).not.toMatch(/baclofen/i);
    const baclofen = await allText(await refillReportPdf(report, { compress: false }));
    expect(hasWords(baclofen, DRUG_EMERGENCY.baclofen.paperNote)).toBe(true);
  });

  it('an opioid pump’s card names naloxone; ziconotide’s says naloxone does not reverse it and stopping causes no withdrawal', async () => {
    const morphine = await allText(await emergencyCardPdf(cardFor('morphine'), { compress: false }));
    expect(hasWords(morphine, 'naloxone reverses it')).toBe(true);
    expect(hasWords(morphine, 'Pinpoint pupils')).toBe(true);
    const ziconotide = await allText(await emergencyCardPdf(cardFor('ziconotide'), { compress: false }));
    expect(hasWords(ziconotide, 'naloxone does not reverse ziconotide')).toBe(true);
    expect(hasWords(ziconotide, 'Withdrawal (dose too low or stopped)')).toBe(false);
  });
});

describe('refill report (docs/clinical-reference.md §3 reconciliation)', () => {
  it('is a 1-page PDF with residuals, verdict, reasons, volumes, prescription and next dates', async () => {
    const pdf = await refillReportPdf(report, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pageCount(pdf)).toBe(1);
    const text = await allText(pdf);
    for (const s of [
      'LOT-7781A',
      'user:nurse-1',
      '4.2 mL',
      '2.9 mL',
      '-1.3 mL',
      'DISCREPANCY',
      'Measured residual is 1.3 mL less than calculated',
      'Pocket checked by ultrasound',
      '18 mL',
      'Fri 10 May 2024',
      'Wed 29 May 2024',
    ]) {
      expect(hasWords(text, s), s).toBe(true);
    }
  });

  it('raw reason code on paper: the reconciliation note is printed in words, never as [ITB_…]', async () => {
    const text = await allText(await refillReportPdf(report, { compress: false }));
    expect(hasWords(text, 'Measured residual is 1.3 mL less than calculated')).toBe(true);
    expect(text).not.toMatch(/ITB_[A-Z_]+/);
  });

  it('projects refill-by before the low alarm (refill margin, docs/clinical-reference.md §1.6)', () => {
    expect(report.lowAlarmAt).not.toBeNull();
    expect(report.refillBy ?? Infinity).toBeLessThan(report.lowAlarmAt ?? 0);
  });

  it('is byte-identical for identical data and sets the creation date from the refill', async () => {
    const a = await refillReportPdf(report, { compress: false });
    expect(a.equals(await refillReportPdf(report, { compress: false }))).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20240310090000Z)');
  });
});

describe('names and signs in any script print as themselves, in an embedded font', () => {
  const names = ['Antonín Dvořák', 'Łukasz Żółć', 'Σοφία Παπαδοπούλου', 'Ирина Шевченко'];
  it('on the emergency card and the refill report (read back with PDF.js)', async () => {
    for (const name of names) {
      const patient = { ...card.patient, name };
      const cardText = await allText(await emergencyCardPdf({ ...card, patient }));
      expect(hasPhrase(cardText, name), `card: ${name}`).toBe(true);
      const reportPdf = await refillReportPdf({ ...report, patient: { ...report.patient, name } });
      expect(hasPhrase(await allText(reportPdf), name), `report: ${name}`).toBe(true);
      expect((await readPdf(reportPdf)).title).toContain(name);
    }
  });

  it('embeds its font (no unembedded standard font)', async () => {
    for (const pdf of [await emergencyCardPdf(card), await refillReportPdf(report)]) {
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/FontFile2');
      expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    }
  });

  it('writes doses in mcg, never µg (ISMP), and drops control characters', () => {
    expect(pdfText('2 µg → 3–4 “x”\u0007')).toBe('2 mcg → 3–4 “x”');
  });
});

describe('accessible PDFs (finding: untagged)', () => {
  it.each([
    ['the emergency card', () => emergencyCardPdf(card)],
    ['the refill report', () => refillReportPdf(report)],
  ])(
    '%s is tagged: a structure tree with headings and paragraphs, its language and its title',
    async (_name, make) => {
      const read = await readPdf(await make());
      expect(read.marked).toBe(true);
      expect(read.language).toBe('en');
      expect(read.title?.length ?? 0).toBeGreaterThan(0);
      expect(read.structureRoles).toContain('Document');
      expect(read.structureRoles).toContain('H1');
      expect(read.structureRoles.filter((r) => r === 'P').length).toBeGreaterThan(5);
    },
  );

  it.each([
    ['the emergency card', () => emergencyCardPdf(card)],
    ['the refill report', () => refillReportPdf(report)],
  ])(
    '%s is PDF/UA: declared, and nothing on its pages is outside the structure tree or an artifact (finding: untagged)',
    async (_name, make) => {
      const read = await readPdf(await make());
      expect(read.pdfUaPart).toBe('1');
      expect(read.untagged).toEqual([]);
    },
  );
});
