/**
 * The clinic web app's shell: who is signed in, the header (navigation, demo clock, sign-out) and the
 * page for the path. Routes: /sign-in, / (board), /patients/:id, /patients/:id/programming,
 * /patients/:id/refill, /patients/:id/alarm-test, /patients/:id/catheter, /patients/:id/trial,
 * /patients/:id/complications, /patients/:id/diary, /patients/:id/appointments (web/src/followup), /patients/new and /patients/:id/pathway (the care
 * pathway, web/src/pathway), /patients/:id/interrogate (a stand-alone read of the pump), /alerts (the
 * inbox; the nav link carries the unresolved counts), /account/password (any account: change my password). A patient account sees only its own view (PatientViewPage) whatever the path: no board, no staff
 * pages. Dates everywhere are in the clinic's zone: the server's when it names one.
 */
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { api, type Me } from './api.ts';
import { alertCountText, alertCounts } from '../../src/clinic/alert-counts.ts';
import { useAlerts } from './alerts/use-alerts.ts';
import { setClinicTimeZone } from './format.ts';
import { forgetUnfinishedWork } from './unfinished-work.ts';
import { Link } from './components.tsx';
import { DemoClock } from './DemoClock.tsx';
import { PrimingPage } from './controls/PrimingPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { navigate, usePath } from './router.ts';
import { AuditPage } from './admin/AuditPage.tsx';
import { AlarmSettingsPage } from './controls/AlarmSettingsPage.tsx';
import { PatientBolusPage } from './controls/PatientBolusPage.tsx';
import { BolusPage } from './controls/BolusPage.tsx';
import { EventLogPage } from './controls/EventLogPage.tsx';
import { InterrogatePage } from './controls/InterrogatePage.tsx';
import { PumpControlPage } from './controls/PumpControlPage.tsx';
import { UsersPage } from './admin/UsersPage.tsx';
import { AppointmentsPage } from './followup/AppointmentsPage.tsx';
import { PathwayPage } from './pathway/PathwayPage.tsx';
import { TroubleshootPage } from './troubleshoot/TroubleshootPage.tsx';
import { MriPage } from './mri/MriPage.tsx';
import { RegisterPatientPage } from './pathway/RegisterPatientPage.tsx';

/**
 * Every page but sign-in is loaded when first opened (its own chunk, with the charts and the therapy code
 * it needs), so the first page a user loads stays small (docs/performance.md "Web").
 */
const AlarmTestPage = lazy(() =>
  import('./pages/AlarmTestPage.tsx').then((m) => ({ default: m.AlarmTestPage })),
);
const AlertsPage = lazy(() => import('./pages/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })));
const BoardPage = lazy(() => import('./pages/BoardPage.tsx').then((m) => ({ default: m.BoardPage })));
const CatheterPage = lazy(() =>
  import('./pages/CatheterPage.tsx').then((m) => ({ default: m.CatheterPage })),
);
const ComplicationsPage = lazy(() =>
  import('./pages/ComplicationsPage.tsx').then((m) => ({ default: m.ComplicationsPage })),
);
const DiaryPage = lazy(() => import('./pages/DiaryPage.tsx').then((m) => ({ default: m.DiaryPage })));
const PatientPage = lazy(() => import('./pages/PatientPage.tsx').then((m) => ({ default: m.PatientPage })));
const PatientViewPage = lazy(() =>
  import('./pages/PatientViewPage.tsx').then((m) => ({ default: m.PatientViewPage })),
);
const ProgrammingPage = lazy(() =>
  import('./pages/ProgrammingPage.tsx').then((m) => ({ default: m.ProgrammingPage })),
);
const RefillPage = lazy(() => import('./pages/RefillPage.tsx').then((m) => ({ default: m.RefillPage })));
const SimulatorPage = lazy(() =>
  import('./pages/SimulatorPage.tsx').then((m) => ({ default: m.SimulatorPage })),
);
const TrialPage = lazy(() => import('./pages/TrialPage.tsx').then((m) => ({ default: m.TrialPage })));

const STAFF = new Set(['physician', 'nurse', 'viewer']);

/** "Alerts (2 open, 1 acknowledged — 1 critical)": the inbox link with what waits in it, unresolved. */
function AlertsLink() {
  const { alerts } = useAlerts('unresolved');
  const count = alerts === null ? '' : ` (${alertCountText(alertCounts(alerts))})`;
  return <Link to="/alerts">{`Alerts${count}`}</Link>;
}

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  // Bumped by the demo clock so pages re-read what time changed.
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    api.get<Me>('/api/v1/auth/me').then(
      (m) => {
        setClinicTimeZone(m.timeZone);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);

  const signOut = useCallback(async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    forgetUnfinishedWork();
    setMe(null);
    navigate('/sign-in');
  }, []);

  if (me === undefined) return <p aria-busy="true">Loading…</p>;
  if (me === null || path === '/sign-in') {
    return (
      <SignInPage
        onSignedIn={(m) => {
          setMe(m);
          navigate('/');
        }}
      />
    );
  }

  const m =
    /^\/patients\/([^/]+)(?:\/(programming|refill|trial|complications|diary|alarm-test|catheter|controls|bolus|priming|alarm-settings|patient-bolus|interrogate|event-log|pathway|troubleshoot|appointments|mri))?\/?$/.exec(
      path,
    );
  const patientId = m?.[1] === undefined ? null : decodeURIComponent(m[1]);
  let page;
  if (path === '/account/password') page = <PasswordPage />;
  else if (me.role === 'patient')
    page =
      me.patientId === null ? (
        <p>This patient account is not linked to a patient.</p>
      ) : (
        <PatientViewPage me={me} />
      );
  else if (path === '/patients/new' && (me.role === 'physician' || me.role === 'nurse'))
    page = <RegisterPatientPage />;
  else if (patientId !== null && m?.[2] === 'appointments')
    page = <AppointmentsPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'troubleshoot')
    page = <TroubleshootPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'mri' && STAFF.has(me.role))
    page = <MriPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'pathway')
    page = <PathwayPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'trial')
    page = <TrialPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'complications')
    page = <ComplicationsPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'diary')
    page = <DiaryPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'programming')
    page = <ProgrammingPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'catheter')
    page = <CatheterPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'alarm-test')
    page = <AlarmTestPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'controls')
    page = <PumpControlPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'bolus')
    page = <BolusPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'priming')
    page = <PrimingPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'alarm-settings')
    page = <AlarmSettingsPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'patient-bolus')
    page = <PatientBolusPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'interrogate')
    page = <InterrogatePage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'event-log')
    page = <EventLogPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null && m?.[2] === 'refill')
    page = <RefillPage key={epoch} patientId={patientId} me={me} />;
  else if (patientId !== null) page = <PatientPage key={epoch} patientId={patientId} me={me} />;
  else if (path === '/simulator' && STAFF.has(me.role)) page = <SimulatorPage />;
  else if (path === '/alerts' && STAFF.has(me.role)) page = <AlertsPage key={epoch} me={me} />;
  else if (STAFF.has(me.role)) page = <BoardPage key={epoch} />;
  else if (me.role === 'admin' && path === '/admin/audit') page = <AuditPage />;
  else if (me.role === 'admin') page = <UsersPage me={me} />;
  else page = <p>This account ({me.role}) has no clinical pages: the web app is for clinic staff.</p>;

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <nav aria-label="Main">
          <span className="brand">itb clinic</span>
          {STAFF.has(me.role) && <Link to="/">Refill board</Link>}
          {STAFF.has(me.role) && <AlertsLink key={epoch} />}
          {STAFF.has(me.role) && <Link to="/simulator">Simulator</Link>}
          {me.role === 'admin' && <Link to="/admin/users">Accounts</Link>}
          {me.role === 'admin' && <Link to="/admin/audit">Audit trail</Link>}
          {(me.role === 'physician' || me.role === 'nurse') && (
            <Link to="/patients/new">Register patient</Link>
          )}
        </nav>
        {STAFF.has(me.role) && <DemoClock role={me.role} onAdvanced={() => setEpoch((e) => e + 1)} />}
        <div className="who">
          Signed in as <strong>{me.role}</strong> <Link to="/account/password">Password</Link>{' '}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>{page}</Suspense>
      </main>
    </>
  );
}
