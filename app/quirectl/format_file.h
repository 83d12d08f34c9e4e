#pragma once
// quirectl --format FILE: a tenant format described in a small JSON file, so
// that scripts can manage the tenants of any program, not only albums:
//
//   {
//     "application_id": "LDGR",          (four ASCII letters, or a number, not 0)
//     "database": ".ledger/ledger.db",   (inside each tenant folder, one folder deep)
//     "migrations": "schema",            (NNNN_description.sql files, 1, 2, 3, ...;
//                                         relative to the format file's folder)
//     "kind": "ledger",                  (the kind's name in messages)
//     "program": "Ledger",               (optional, for messages; default "Quire")
//     "rows": "entries",                 (optional: what moves between tenants, for
//                                         messages; default "rows")
//     "identity_table": "quire_identity" (optional)
//   }

#include <quire/format.h>

#include <QString>

namespace quirectl {

// The format, or an error saying what is wrong with the file (a usage error).
quire::Result<quire::TenantFormat> readFormatFile(const QString &path);

} // namespace quirectl
