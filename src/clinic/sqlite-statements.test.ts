/** SQLite's kept statements (sqlite-statements.ts): reused when idle, fresh when busy, current after a migration. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keepingStatements } from './sqlite-statements.ts';

const open = () => {
  const db = new Database(':memory:');
  db.exec('create table t (a integer); insert into t values (1), (2), (3)');
  return db;
};

describe('kept statements', () => {
  it('the same SQL text is compiled once and reused', () => {
    const kept = keepingStatements(open());
    expect(kept.prepare('select a from t')).toBe(kept.prepare('select a from t'));
    expect(kept.prepare('select a from t')).not.toBe(kept.prepare('select a from t where a > 1'));
  });

  it('a statement in the middle of an iteration is not handed out again: the second query gets its own', () => {
    const kept = keepingStatements(open());
    const first = kept.prepare('select a from t');
    const rows = first.iterate([]);
    rows.next();
    const second = kept.prepare('select a from t');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect([...rows]).toEqual([{ a: 2 }, { a: 3 }]);
  });

  it('a kept `select *` reads the columns a later migration added (the board backfill reads appointments before 0006 adds status)', () => {
    const db = open();
    const kept = keepingStatements(db);
    expect(kept.prepare('select * from t').all([])[0]).toEqual({ a: 1 });
    db.exec("alter table t add column status text not null default 'booked'");
    expect(kept.prepare('select * from t').all([])[0]).toEqual({ a: 1, status: 'booked' });
  });

  it('at most `kept` statements are kept, the least recently used dropped first', () => {
    const kept = keepingStatements(open(), 2);
    const a = kept.prepare('select 1');
    kept.prepare('select 2');
    expect(kept.prepare('select 1')).toBe(a);
    kept.prepare('select 3'); // drops "select 2", used least recently
    expect(kept.prepare('select 1')).toBe(a);
    const b = kept.prepare('select 2');
    expect(kept.prepare('select 2')).toBe(b);
    expect(kept.prepare('select 1')).toBe(a);
    expect(kept.prepare('select 3')).not.toBe(kept.prepare('select 2'));
  });
});
