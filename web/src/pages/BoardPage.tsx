/**
 * The refill risk board (`GET /api/v1/board`): the server's order — overdue, then action soon (due within
 * the reminder window, a residual that did not reconcile, a critical alert), then the rest; withdrawal
 * high-risk first within each, then soonest refill-by (docs/api.md "The risk board") — with days to the
 * low-reservoir alarm and to refill-by at a glance. Which rows need attention is the clinic module's own
 * rule (risk-board.ts `needsAttention`).
 */
import { alertCountText } from '../../../src/clinic/alert-counts.ts';
import { boardTier, needsAttention } from '../../../src/clinic/risk-board.ts';
import { opioidStatusText } from '../../../src/therapy/opioid-status-text.ts';
import type { BoardPageRow, BoardRow } from '../api.ts';
import { BoardPathwayDue } from '../pathway/BoardPathwayDue.tsx';
import { BOARD_FILTERS, BOARD_SORTS, useBoard, type BoardSortName } from '../use-board.ts';
import { clinicianText } from '../reason-text.ts';
import { BOARD_PARTS, shownElsewhere } from '../reasons-shown-elsewhere.ts';
import { ErrorNote, Link, Loading, VerdictBadge } from '../components.tsx';
import { date, daysText } from '../format.ts';
import { LowAlarmCell } from '../LowAlarmCell.tsx';

/** What the pump reported and nobody has cleared (ERI, EOS, empty, stall…), each with its "since". */
function conditions(row: BoardRow) {
  if (row.conditions.length === 0) return null;
  return (
    <ul className="muted">
      {row.conditions.map((c) => (
        <li key={c.condition}>
          {c.message} — since {date(c.since)}
        </li>
      ))}
    </ul>
  );
}

/** Why the board could not compute this row (src/clinic/board-row-failure.ts): check the patient by hand. */
function notComputed(row: BoardRow) {
  return row.reasons
    .filter((r) => r.code === 'ITB_R_BOARD_NOT_COMPUTED')
    .map((r) => (
      <div key={r.code} className="muted">
        {r.message}
      </div>
    ));
}

/**
 * Why a row needs attention, when its conditions (listed under it) and its battery column do not already
 * say it: a residual that did not reconcile, or critical alerts open — never "critical alert open" for a
 * pump at ERI whose only alert is a warning.
 */
function attentionText(row: BoardRow): string | null {
  if (row.reconciliation.last !== null && row.reconciliation.last !== 'ok')
    return 'last residual did not reconcile: refill-by is in doubt';
  const n = row.openAlerts.critical;
  if (n > 0) return n === 1 ? 'a critical alert is open' : `${n} critical alerts are open`;
  return null;
}

/** A date the board cannot give: unknown for a pump, nothing at all before the implant. */
const unknownOrNoPump = (row: BoardRow): string => (row.implantId === null ? 'no pump' : 'unknown');

/** Reasons another part of the row already shows: its badge, conditions, battery, alerts and reconciliation. */
const SHOWN_ELSEWHERE = shownElsewhere(BOARD_PARTS);

/** Why the row is not OK, when nothing else on the row says it: a "Warning" badge never stands alone. */
function whyNotOk(row: BoardRow) {
  const why = row.reasons.filter((r) => r.severity !== 'ok' && !SHOWN_ELSEWHERE.has(r.code));
  if (why.length === 0) return null;
  return (
    <ul className="muted">
      {why.map((r) => (
        <li key={r.code}>{clinicianText(r.message).text}</li>
      ))}
    </ul>
  );
}

function status(row: BoardRow) {
  if (row.status === 'empty')
    return (
      <>
        <VerdictBadge
          verdict="block"
          label={row.emptySince === null ? 'EMPTY — refill now' : `EMPTY since ${date(row.emptySince)}`}
        />
        {conditions(row)}
      </>
    );
  if (row.overdue)
    return (
      <>
        <VerdictBadge verdict="block" label={row.refillBy === null ? 'Unknown — check' : 'Overdue'} />
        {notComputed(row)}
        {conditions(row)}
      </>
    );
  // The pump reports it delivers no drug (EOS, motor stall, memory error, reset, minimum rate), or the clinic
  // stopped it: top tier.
  if (row.stoppedSince !== null)
    return (
      <>
        <VerdictBadge verdict="block" label={`Not delivering since ${date(row.stoppedSince)}`} />
        {conditions(row)}
        {whyNotOk(row)}
      </>
    );
  // Past its projected end of service the pump may have stopped; inside the margin before it the
  // replacement is overdue (the battery column says why): top tier.
  if (row.eosPassed || row.replacementOverdue)
    return (
      <>
        <VerdictBadge
          verdict="block"
          label={row.eosPassed ? 'Past EOS — replace now' : 'Replacement overdue'}
        />
        {conditions(row)}
      </>
    );
  return (
    <>
      {row.implantId === null && row.verdict === 'ok' ? (
        <VerdictBadge verdict="ok" label="No pump yet" />
      ) : (
        <VerdictBadge verdict={row.verdict} />
      )}
      {needsAttention(row) && attentionText(row) !== null && (
        <div className="muted">{attentionText(row)}</div>
      )}
      {whyNotOk(row)}
      {conditions(row)}
    </>
  );
}

/** Whole days to the projected EOS, in words ("20 days", "1 day", "0 days"). */
const eosDays = (row: BoardRow): string => (row.daysToEos === 1 ? '1 day' : `${row.daysToEos ?? '?'} days`);

/**
 * The battery column: what the pump last reported, and the projected ERI and EOS of the pump in place (the
 * care pathway's projection, the patient page's dates) for every pump, not only those due for replacement.
 * A projected EOS already passed is said in red whatever the pump last reported: it may have stopped; so is
 * a replacement overdue (EOS inside the margin planned for surgery), with the days left, as ERI says them.
 */
function battery(row: BoardPageRow) {
  const p = row.batteryProjection;
  return (
    <>
      {row.implantId === null ? (
        'no pump'
      ) : p?.eosPassed === true ? (
        <VerdictBadge verdict="block" label="EOS passed — replace now" />
      ) : row.replacementOverdue ? (
        <VerdictBadge verdict="block" label={`Replace now — EOS in ${eosDays(row)}`} />
      ) : row.battery === null ? (
        'not interrogated'
      ) : row.battery.eri === true ? (
        <VerdictBadge
          verdict="warn"
          label={`ERI — replace${row.daysToEos === null ? '' : `: EOS in ${eosDays(row)}`}`}
        />
      ) : row.battery.eri === false ? (
        'OK'
      ) : (
        'unknown'
      )}
      {p !== null && (
        <div className="muted" data-testid="board-battery-projection">
          {p.eriReported ? '' : `ERI projected ${date(p.eriAt)}; `}EOS projected {date(p.eosAt)}
          {p.eosPassed && <strong> (passed: the pump may have stopped delivering)</strong>}
        </div>
      )}
    </>
  );
}

/** Order, filters and pages: the server does the work (a clinic has thousands of patients). */
function BoardControls({ b }: { b: ReturnType<typeof useBoard> }) {
  return (
    <form className="board-controls" onSubmit={(e) => e.preventDefault()}>
      <label>
        Order{' '}
        <select value={b.sort} onChange={(e) => b.setSort(e.target.value as BoardSortName)}>
          {Object.entries(BOARD_SORTS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Show only</legend>
        {Object.entries(BOARD_FILTERS).map(([k, label]) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={b.filters.includes(k as keyof typeof BOARD_FILTERS)}
              onChange={() => b.toggleFilter(k as keyof typeof BOARD_FILTERS)}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <nav aria-label="Board pages">
        <button type="button" disabled={b.page <= 1} onClick={() => b.setPage(b.page - 1)}>
          Previous
        </button>{' '}
        Page {b.page} of {b.pages}{' '}
        <button type="button" disabled={b.page >= b.pages} onClick={() => b.setPage(b.page + 1)}>
          Next
        </button>
      </nav>
    </form>
  );
}

export function BoardPage() {
  const b = useBoard();
  const { board, error } = b;

  const now = board === null ? 0 : Date.parse(board.generatedAt);
  return (
    <>
      <h1>Refill board</h1>
      <ErrorNote error={error} />
      {board === null ? (
        error === null && <Loading what="the board" />
      ) : (
        <>
          <p className="muted">
            As of {date(now)} — {board.total} patients
            {b.filters.length > 0 ? ' matching the filters' : ''}, {board.rows.length} on this page; by risk:
            overdue, empty, not delivering or past the projected EOS first, then residuals that did not
            reconcile or critical alerts, then withdrawal high-risk.
          </p>
          <BoardControls b={b} />
          <table className="board">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Status</th>
                <th scope="col">Days to alarm</th>
                <th scope="col">Refill by</th>
                <th scope="col">Battery</th>
                <th scope="col">Open alerts</th>
                <th scope="col">Last refill reconciliation</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((row) => (
                <tr
                  key={row.patientId}
                  className={
                    boardTier(row) === 0
                      ? 'row-overdue'
                      : needsAttention(row)
                        ? 'row-attention'
                        : row.highRisk
                          ? 'row-high'
                          : ''
                  }
                >
                  <th scope="row">
                    <Link to={`/patients/${encodeURIComponent(row.patientId)}`}>{row.name}</Link>
                    {row.highRisk && <span className="tag">high withdrawal risk</span>}
                    {row.opioidStatus !== null && (
                      <span className="tag">{opioidStatusText(row.opioidStatus)}</span>
                    )}
                  </th>
                  <td>{status(row)}</td>
                  <td className="num">
                    <LowAlarmCell row={row} now={now} unknown={unknownOrNoPump(row)} />
                    <div className="muted">
                      {row.lowAlarmAt === null ? '' : `alarm ${date(row.lowAlarmAt)}`}
                    </div>
                  </td>
                  <td className="num">
                    {row.daysToRefillBy === null ? unknownOrNoPump(row) : daysText(row.daysToRefillBy)}
                    <div className="muted">{row.refillBy === null ? '' : date(row.refillBy)}</div>
                  </td>
                  <td>{battery(row)}</td>
                  <td className="num">
                    {row.openAlerts.count === 0 ? (
                      'none'
                    ) : (
                      <Link to={`/patients/${encodeURIComponent(row.patientId)}`}>
                        {`${alertCountText(row.openAlerts)}: read them`}
                      </Link>
                    )}
                  </td>
                  <td>
                    {row.reconciliation.last === null ? (
                      'no refill yet'
                    ) : (
                      <VerdictBadge verdict={row.reconciliation.last} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <BoardPathwayDue items={board.pathway ?? []} dueInAll={board.pathwayDue} />
        </>
      )}
    </>
  );
}
