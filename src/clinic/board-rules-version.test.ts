/**
 * The board rules version (board-rules-version.ts) must change whenever the rules do, or stored board
 * rows computed under the old rules stay on the board. The version hashes `BOARD_RULES_REVISION`; this
 * test is the tripwire that makes a change to the rules' source bump it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOARD_RULES_VERSION, boardRulesVersion } from './board-rules-version.ts';
import { BOARD_RULES_REVISION } from './risk-board.ts';

/**
 * The files whose text decides a stored row: the projection, what it reads of the pump's contents and
 * conditions, and the columns taken from it (revision 1 hashed the first two only).
 */
const RULE_FILES = [
  'risk-board.ts',
  'board-rows.ts',
  'pump-contents.ts',
  'pump-conditions.ts',
  'pump-condition-table.ts',
] as const;

/**
 * The rule files' hash for each revision. After changing a rule file: bump BOARD_RULES_REVISION in
 * risk-board.ts (every stored row is then rebuilt on the next open) and add the new hash here. A change
 * that cannot alter any stored row (a comment) may instead update the hash of the current revision.
 */
const RULES_SOURCE_BY_REVISION: Readonly<Record<number, string>> = {
  1: '2b85f162666a165949b6c8643addab76955222268b18d0d68d898ee297d099d9',
  // Board dates follow the pump's contents (pump-contents.ts); ERI read from the last session reporting it.
  2: '17a20c30d5abb79d431e0fd742d98cfbbec5be7e39105d8ca891d4a81410af18',
  // Condition alerts close naming what cleared them (alert-closing.ts); dates follow a dose and a
  // concentration changed together at the refill that brings them in.
  3: '684dec7b30b3d2aedc437cc7f4d240d637c509c9d09c0b763be5d026d007ace4',
  // The initial fill recorded with the implant is the new pump's first known contents.
  4: 'dbc19558e69768d7c972247ceef2410a2df815f17b606d916e45df69b8ca7f38',
  // The row carries the patient's opioid status.
  5: 'c0ba47101940a40db389318520315aa726251ea97acbbd13f1acee4f35de8af4',
  // The row carries the patient's open EMPTY alerts (migration 0009_board_empty_alerts): rebuilt to fill them.
  6: '5571e82b54741847436568b90838ec4dbec1d67475fb89e622675de51ed03f9b',
  // The condition messages carry their instants as data, so every surface writes them in the one date format.
  7: '8e467b955f4ece276449e76d80d3c2a5653c07a661140b44698ef62f483d8f07',
  // The programme the pump last reported: sessions at one instant ordered as their pump states are.
  8: 'a2061604e4237838f82005b1b1581399ffe74f4aeb2a8c7e910e6e3a59348d72',
  // The open-alerts reason says open (not acknowledged) and acknowledged apart (alert-counts.ts).
  9: '45337efca45853b72e956a13047ca35a264c8ce2a50fddc7d729fb5b94149405',
  // The stored input holds each implant's last session reading the battery (board-read.ts): rebuilt to
  // carry it, so the board's ERI/EOS projection reads the reading the pathway page reads.
  10: '746ddcd12e62052d89d61f715473a4cdb33e87b67a52b8d6e4be52297e8be135',
  // A patient with no pump yet is not a warning (ITB_R_BOARD_NO_PUMP).
  11: '5738163311b4703e423b697e8a85786e9ded8f571b15d57a9c12c0be581a58f1',
  12: '3492ec1eba91d7b9573c8f5d81b1f4a0f2ed5b6d95d81221375f22be8b4fc5ba',
  13: '084f4125bff388efa71d259beb046da63e1324543a431de5fa2e6e000898e541',
  14: 'f2442b969681facf4064f130e7f7bb662b8f61f5292a04ba9dff13d26cff0b8c',
  15: 'cf730af410980c58a03f22264ed7d19f7a0c394e537de2422e49bc7abf1bbb71',
  // The row carries what set refill-by as data (refillByCause, src/therapy/refill-by-cause.ts).
  16: '9107ac0ade02e9d1c3ba3f9b88ffee368b630653c598c9d62b9b62081c576b49',
  17: 'b93d205528e78180f463accb0c48626387e20509b00a5c804ddffd7800051d3c',
  // The pump states read once per row (the last fill shared by the stability and first-fill limits): no rule changed.
  18: '5da0304f4c57043af7c68a03d9f29e800bb312bffe0b8b7bf807ad5b8433ce1f',
  // A pump that says it is empty keeps the dates of the fill that ran out (risk-board.ts fillProjection).
  19: '86197e7c36071ab51780f780b5fd9cbe0f85a788d0b897d5e1f041b035ec0262',
  // The board reads each implant's first ERI report (board-read.ts): EOS counts 90 days from it.
  20: 'b3cc9782cf264f62d83e6ece8a3325f8b256b1de04f33a89218b1f24c775e212',
  // A pump with no fill on record is new from its first known state; only the pump in place's fills count.
  21: '65b82dc44204b3fa35368725b54e8631a90f3cb5be45e30b95290cb31bdc1255',
  // A late booking once the pump has run empty asks for the refill now (late-booking.ts takes the time).
  22: '90d54e2a25d78d6441151f1c5c2a3059ea2463e917cea8eb19948da353531eb7',
  // One rule for which fill counts (risk-board.ts fillCounted), for a running pump and an empty one.
  23: 'c3e2c3357a79c949820acf977cbaf553a14c23a9f0bd78acf62d904dea8bb333',
  // The board reads the explants: a pump removed and not replaced is no pump to refill (implant-in-use.ts).
  24: '4153fee21f7e3090401f434f1a6679a3d4c0b1f3c0659f6cee4e76d8c301f328',
  // A pump that is out has no battery and cannot be EMPTY, whatever alert is still open.
  25: '676eabaee2dc1abc30656963f112c61386245d0ad0ca6941d8bd533ecd56f91c',
  // No rule change: the removal instant comes from implant-in-use.ts (pumpRemovedAt), shared with the pages.
  26: '15416f7aaf60173bfda9696ab67af838c27351019415cab16f1b33d33d3321bb',
  // The row reads the pump in place's own refills and sessions (a replaced pump's say nothing of it).
  27: '1fa32ea9c99db4aeb9e8f84b21992d094c23a69c920bc04c19f07c5788ec6095',
  // A pump that says it is empty is not also said low with the volume of the fill's last reading. The row
  // also says what the pump runs and a prescription pending its refill (pumpTherapy): computed on reading,
  // no stored column changed.
  28: 'ca93d22438e5ffcbc762a872b0a4243fbfd52591b130b8e9098426b09f24010b',
  // A pump past its projected end of service (the pathway's battery projection) is in the top tier, with its
  // reason (ITB_R_BOARD_EOS_PASSED); its EOS is stored beside the row (migration 0011_board_eos).
  29: '94054c72541a32721d1bddb205d2b5ea1ddb29d8e0140d621867a52125305ef8',
  // Empty supersedes low: an empty pump's low-reservoir report is not listed under it, nor the projection's
  // "already at or below the low-reservoir alarm", and the row says once whether the reservoir is low
  // (lowReservoir). The stored attention column changes with it.
  30: 'b2881e3b78dfca7509efcee7b41097523b08f17157b7bc36ca0d50dd4d32058b',
  // A pump that reports it delivers no drug (pump-condition-table.ts `stopsDelivery`: EOS, motor stall, memory
  // error, low-battery reset, minimum rate) is in the top tier; since when is stored beside the row
  // (`pump_stopped_since`, migration 0011_board_eos).
  31: '13b0663ac56f58d38cd769ff392b838ff54a2bc81461ad31171f3501dc330774',
  // A pump the clinic stopped (an open `delivery-stopped` alert: pump-condition-table.ts `saysNotDelivering`) is in
  // the top tier with ITB_R_BOARD_DELIVERY_STOPPED; the stored `pump_stopped_since` reads the same alerts.
  // The condition table moved to pump-condition-table.ts (read by the pages and the card too), and the pump
  // contents read the records' facts only (the pages read them too): no rule changed.
  32: '27441914b3b5a517beb038787d86a3c1fd553e25635554750d8ecdb11b086e9f',
  // A pump that reports no programme running (mode stopped: a replacement pump not yet programmed) is a
  // condition that stops delivery (not-running), raised too by a replacement until its programme is sent:
  // rebuilt so such a pump leaves the last tier.
  33: '63a0f18b7689d8672da01e2486d01f1e9dd89147a3253773c4d28435900c0cf6',
  // An MRI of a valve pump is a condition that stops delivery until the interrogation after the scan
  // (mri-valve-closed); an alert with a cause closes by its own rule, not by a report that lacks it.
  34: '79f37853645a5d94b82132b9d54b6b209f9d9319b6db13c70ec77c3e532e7bb5',
  // A pump that reports delivery suspended with no stop by this clinic on record (suspended) is a
  // condition that stops delivery: rebuilt so such a pump leaves the last tier.
  35: '1f92087754598f4ac6301c7bddbd2bdadebc56c7e122656e1d1d1806169c78eb',
  // The clinic's stop is said in the words of the drug the pump runs (its emergency card's), not
  // "bridge with oral baclofen" for every drug: rebuilt so stored rows carry the drug's words.
  36: 'f39991550ec522d42a8e48a2b41e5550950ef9b7680a9b5c3d1cd9ab64d8070d',
  // Ziconotide's undiluted strengths keep 84 days in the reservoir, diluted ones 40 (drug library,
  // projection.ts): rebuilt so stored ziconotide rows carry the new refill-by.
  37: '75ef7c93a464149ce95e395060d06b061f84a00248d7629b0802aa0322d05b8f',
  // A replacement overdue (the projected EOS inside the margin planned for surgery) is in the top tier, and
  // the ERI reason says the days left: rebuilt so stored rows sort by the new tier.
  38: 'fceeba0275788497a142ac86dc35b9d98662cd0026dd46821fe573ec897699b6',
  // A stop known by its day only (a back-dated replacement) carries `stoppedSinceTimeKnown: false` and its
  // reasons say the day alone: rebuilt so stored rows say it.
  39: 'b01e77a6627f59ceef5739c26ddc0358a11a2d28102804a7f8d42944de596d52',
  // The 90 days from ERI to EOS count from the first report of ERI, by the flag or by the pump's alarms
  // (pathway-view.ts `lastReading`, board-read.ts `SAYS_ERI`): rebuilt so stored rows carry the earlier EOS.
  40: '4f4f16847001d919d069e806a4580e2fb779038ecba938cea3dcab2a5ef32274',
  41: '16ffb282321dd00b978562535440fcf3c19a3602cc3af142e02c25fc41d59618',
};

const sourceHash = (): string => {
  const h = createHash('sha256');
  for (const f of RULE_FILES) h.update(readFileSync(new URL(f, import.meta.url), 'utf8'));
  return h.digest('hex');
};

describe('board rules version', () => {
  it('rows go stale when the rules change: a change to the rules source comes with a new BOARD_RULES_REVISION', () => {
    expect(
      { revision: BOARD_RULES_REVISION, source: sourceHash() },
      `${RULE_FILES.join(' or ')} changed: bump BOARD_RULES_REVISION (risk-board.ts) and record the new hash`,
    ).toEqual({ revision: BOARD_RULES_REVISION, source: RULES_SOURCE_BY_REVISION[BOARD_RULES_REVISION] });
  });

  it('a new revision is a new rules version, and the same revision the same one', () => {
    expect(BOARD_RULES_VERSION).toBe(boardRulesVersion(BOARD_RULES_REVISION));
    expect(boardRulesVersion(BOARD_RULES_REVISION + 1)).not.toBe(BOARD_RULES_VERSION);
  });
});
