#pragma once
// The ledger format: one SQLite database per customer folder, at
// <folder>/.ledger/ledger.db, holding that customer's entries.
//
// Version 1: entries (id, at: ms since the epoch, amount: decimal text).
// Version 2: + cents INTEGER, filled from amount by a C++ step.

#include <quire/format.h>

#include <QString>

namespace ledger {

// PRAGMA application_id of every ledger: "LDGR". It is what tells a ledger
// apart from any other SQLite file, so it never changes once released.
constexpr qint32 ApplicationId = 0x4C444752;
constexpr int LatestVersion = 2;

// The ledger format as it was at `version` (1 .. LatestVersion). A real
// program only ever builds the latest; the walkthrough builds version 1 too,
// to show an upgrade.
quire::Result<quire::TenantFormat> format(int version = LatestVersion);

// "-12.05" -> -1205. Exact decimal parsing, not through a double: money.
// Fails on anything that is not [-]digits[.d[d]].
quire::Result<qint64> parseCents(const QString &amount);
// -1205 -> "-12.05"
QString formatCents(qint64 cents);

} // namespace ledger
