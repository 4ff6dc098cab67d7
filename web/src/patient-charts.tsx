/**
 * The patient page's three charts: daily dose over time (what the pump ran, stepped), the calculated
 * reservoir (fill → projected decline, a sawtooth, with each measured residual), and assessments over time
 * (MAS on its clinical scale with "1+" between 1 and 2; Penn spasm frequency 0–4 on its own axis), and the
 * follow-up trends: pain on the 0–10 NRS and the mean goal attainment score −2..+2.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { Assessment, Implant, PrescriptionRecord, Refill } from './api.ts';
import {
  assessmentSeries,
  chartFills,
  doseSeries,
  followUpSeries,
  masLabel,
  reservoirSeries,
  type DoseTimeline,
} from './chart-data.ts';
import { Chart, aligned, line, masAxis, pointsOnly, stepped, timeOptions } from './charts.tsx';
import { labelUnitOf, doseText } from '../../src/therapy/drug-display.ts';
import { date, NG_PER_MCG } from './format.ts';

const S = (ms: number) => ms / 1000;
const DAY = 86_400_000;
const BLUE = '#0b4fa6';
const ORANGE = '#b34700';
const GREEN = '#1b6e20';

const num = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? '—' : `${Number(v.toFixed(2))} ${unit}`;

export function DoseChart({
  chain,
  timeline,
  now,
  removedAt,
}: {
  readonly chain: readonly PrescriptionRecord[];
  /** The dose the pump ran (chart-data.ts `pumpDoseTimeline`), not the chain's dates. */
  readonly timeline: DoseTimeline;
  readonly now: number;
  /** When the last pump was removed (none in place): the dose falls to nothing there. */
  readonly removedAt?: number | undefined;
}) {
  const { options, data, rows, unit } = useMemo(() => {
    const s = doseSeries(timeline, now, removedAt);
    // In the unit of the drug now prescribed, as its label states doses (drug-display.ts: morphine in mg).
    const latest = chain.map((r) => r.prescription).findLast((p) => p.mode !== 'stopped');
    const drug = latest?.drug;
    const perUnit = labelUnitOf(drug) === 'mg' ? 1000 : 1;
    const axis = `${labelUnitOf(drug)}/day`;
    return {
      options: timeOptions(`Daily dose (${axis})`, [stepped(`Daily dose, ${axis}`, BLUE)], S(now)),
      data: aligned(s.x.map(S), [s.dose.map((d) => d / perUnit)]),
      rows: s.x.map((t, i) => [date(t), doseText((s.dose[i] ?? 0) * NG_PER_MCG, drug)]),
      unit: axis,
    };
  }, [chain, timeline, now, removedAt]);
  if (chain.length === 0) return <p>No prescriptions recorded: no dose chart.</p>;
  const last = rows.at(-1)?.[1] ?? '—';
  const lately =
    removedAt === undefined
      ? `now ${last}. Each dose holds until the next change.`
      : `nothing delivered since the pump was removed on ${date(removedAt)}.`;
  return (
    <Chart
      id="dose-chart"
      title="Daily dose over time"
      summary={`${chain.length} prescription${chain.length === 1 ? '' : 's'}; ${lately}`}
      options={options}
      data={data}
      table={{ head: ['From', 'Daily dose'], rows }}
      legend={[{ label: `Daily dose (${unit})`, color: BLUE }]}
    />
  );
}

export function ReservoirChart({
  refills,
  implants,
  timeline,
  now,
  removedAt,
}: {
  readonly refills: readonly Refill[];
  /** The patient's pumps: each one's initial fill starts its line (a replacement ends its predecessor's). */
  readonly implants: readonly Implant[];
  /** The dose the pump ran (chart-data.ts `pumpDoseTimeline`). */
  readonly timeline: DoseTimeline;
  readonly now: number;
  /** When the pump was removed and not replaced: the line ends there (no pump holds drug after it). */
  readonly removedAt?: number | undefined;
}) {
  const fills = useMemo(() => chartFills(refills, implants), [refills, implants]);
  const { options, data, rows, projected } = useMemo(() => {
    // Project a month past today: far enough to show the next alarm, short enough to stay readable.
    const s = reservoirSeries(fills, timeline, removedAt ?? now + 30 * DAY, now);
    const series: uPlot.Series[] = [
      line('Calculated reservoir, mL', BLUE),
      pointsOnly('Measured residual at refill, mL', ORANGE),
    ];
    const nowIdx = s.x.indexOf(now);
    return {
      options: timeOptions('Reservoir (mL)', series, S(now)),
      data: aligned(s.x.map(S), [s.calculated, s.measured]),
      // The table says each day's change once: points a day apart read alike (a fill and the prescriptions
      // recorded with it) are one row.
      rows: s.x
        .map((t, i) => [
          date(t),
          num(s.calculated[i], 'mL'),
          s.measured[i] === null ? '' : num(s.measured[i], 'mL'),
        ])
        .filter((row, i, all) => i === 0 || row.join('|') !== all[i - 1]?.join('|')),
      projected: nowIdx < 0 ? null : s.calculated[nowIdx],
    };
  }, [fills, timeline, now, removedAt]);
  if (fills.length === 0) return <p>No fills recorded: no reservoir chart.</p>;
  return (
    <Chart
      id="reservoir-chart"
      title="Calculated reservoir (estimate)"
      summary={
        removedAt === undefined
          ? `Filled at each refill (a new pump at its implant), falling at the prescribed dose; the dashed line is today${projected === null || projected === undefined ? '' : `, about ${num(projected, 'mL')} left`}. The pump's interrogation is the reading that counts.`
          : `Filled at each refill (a new pump at its implant), falling at the prescribed dose, until the pump was removed on ${date(removedAt)}.`
      }
      options={options}
      data={data}
      table={{ head: ['Date', 'Calculated volume', 'Measured residual'], rows }}
      legend={[
        { label: 'Calculated reservoir (mL)', color: BLUE },
        { label: 'Measured residual at refill (mL)', color: ORANGE },
      ]}
    />
  );
}

export function AssessmentChart({ list }: { readonly list: readonly Assessment[] }) {
  const { options, data, rows } = useMemo(() => {
    const s = assessmentSeries(list);
    const base = timeOptions('', [], null);
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
      ...base,
      scales: { x: { time: true }, mas: { range: [0, 4.2] }, penn: { range: [0, 4.2] } },
      axes: [
        base.axes?.[0] ?? {},
        masAxis('MAS grade (highest)', 'mas'),
        {
          ...masAxis('Penn spasm score (0–4)', 'penn'),
          side: 1,
          splits: () => [0, 1, 2, 3, 4],
          values: (_u, v) => v.map(String),
        },
      ],
      series: [
        {},
        { ...line('MAS, highest grade', BLUE), scale: 'mas', points: { show: true, size: 8 } },
        { ...line('Penn spasm frequency', GREEN, [6, 4]), scale: 'penn', points: { show: true, size: 8 } },
      ],
    };
    return {
      options: opts,
      data: aligned(s.x.map(S), [s.mas, s.penn]),
      rows: s.x.map((t, i) => [
        date(t),
        s.mas[i] === null || s.mas[i] === undefined ? '—' : masLabel(s.mas[i]),
        s.penn[i] === null || s.penn[i] === undefined ? '—' : String(s.penn[i]),
      ]),
    };
  }, [list]);
  if (list.length === 0) return <p>No assessments recorded: no assessment chart.</p>;
  return (
    <Chart
      id="assessment-chart"
      title="Assessments over time"
      summary={`${list.length} assessment${list.length === 1 ? '' : 's'}; MAS is the highest grade across the muscle groups scored (0, 1, 1+, 2, 3, 4), Penn spasm frequency 0–4.`}
      options={options}
      data={data}
      table={{ head: ['Date', 'MAS (highest)', 'Penn'], rows }}
      legend={[
        { label: 'MAS, highest grade (left axis)', color: BLUE },
        { label: 'Penn spasm frequency (right axis)', color: GREEN, dashed: true },
      ]}
    />
  );
}

/** Pain (0–10 NRS, left axis) and the mean goal attainment score (−2..+2, right axis) over time. */
export function FollowUpChart({ list }: { readonly list: readonly Assessment[] }) {
  const { options, data, rows, scored } = useMemo(() => {
    const s = followUpSeries(list);
    const base = timeOptions('', [], null);
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
      ...base,
      scales: { x: { time: true }, pain: { range: [0, 10.5] }, gas: { range: [-2.2, 2.2] } },
      axes: [
        base.axes?.[0] ?? {},
        {
          ...masAxis('Pain (0–10 NRS)', 'pain'),
          splits: () => [0, 2, 4, 6, 8, 10],
          values: (_u, v) => v.map(String),
        },
        {
          ...masAxis('Goal attainment (−2..+2)', 'gas'),
          side: 1,
          splits: () => [-2, -1, 0, 1, 2],
          values: (_u, v) => v.map((n) => (n > 0 ? `+${n}` : String(n))),
        },
      ],
      series: [
        {},
        { ...line('Pain, 0–10', ORANGE), scale: 'pain', points: { show: true, size: 8 } },
        { ...line('Goal attainment, mean', GREEN, [6, 4]), scale: 'gas', points: { show: true, size: 8 } },
      ],
    };
    return {
      options: opts,
      data: aligned(s.x.map(S), [s.pain, s.gas]),
      rows: s.x.map((t, i) => [
        date(t),
        s.pain[i] === null || s.pain[i] === undefined ? '—' : String(s.pain[i]),
        s.gas[i] === null || s.gas[i] === undefined ? '—' : String(Number(s.gas[i].toFixed(2))),
      ]),
      scored: s.pain.some((v) => v !== null) || s.gas.some((v) => v !== null),
    };
  }, [list]);
  if (!scored) return <p>No pain or goal scores recorded: no follow-up chart.</p>;
  return (
    <Chart
      id="follow-up-chart"
      title="Pain and goals over time"
      summary="Pain on the 0–10 numeric rating scale; goal attainment is the mean of the goals scored, −2 (much less than expected) to +2 (much more)."
      options={options}
      data={data}
      table={{ head: ['Date', 'Pain (0–10)', 'Goal attainment (mean)'], rows }}
      legend={[
        { label: 'Pain, 0–10 (left axis)', color: ORANGE },
        { label: 'Goal attainment, mean (right axis)', color: GREEN, dashed: true },
      ]}
    />
  );
}
