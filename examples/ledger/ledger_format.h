#pragma once
// The ledger format: one SQLite database per customer folder, at
// <folder>/.ledger/ledger.db, holding that customer's entries.
//
// Version 1: entries (id, at: ms since the epoch, amount: decimal text).
// Version 2: + cents INTEGER, filled from amount by a C++ step.

#include <quire/format.h>
#include <quire/row_transfer.h>

#include <QString>

namespace ledger {

// PRAGMA application_id of every ledger: "LDGR". It is what tells a ledger
// apart from any other SQLite file, so it never changes once released.
constexpr qint32 ApplicationId = 0x4C444752;
// v1 and v2 are SQL files (schema/); v3 adds the engine's row-transfer
// tables, so that entries can move between customers.
constexpr int LatestVersion = 3;

// The ledger format as it was at `version` (1 .. LatestVersion). A real
// program only ever builds the latest; the walkthrough builds version 1 too,
// to show an upgrade.
quire::Result<quire::TenantFormat> format(int version = LatestVersion);

// "-12.05" -> -1205. Exact decimal parsing, not through a double: money.
// Fails on anything that is not [-]digits[.d[d]].
// Moves entries by id: a moved entry gets the next id in its new ledger
// (ids are a ledger's own), keeping its time and amount.
quire::RowMover entriesMover();

quire::Result<qint64> parseCents(const QString &amount);
// -1205 -> "-12.05"
QString formatCents(qint64 cents);

} // namespace ledger
