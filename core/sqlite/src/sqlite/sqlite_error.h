#pragma once
// Turns an SQLite result code into a Quire Error with a sentence a person
// can act on.

#include "quire/error.h"

namespace quire::detail {

// `doing` says what Quire was doing ("adding pictures"); `detail` is
// sqlite3_errmsg() or sqlite3_errstr().
Error sqliteError(int resultCode, const QString &album, const QString &doing,
                  const QString &detail);

} // namespace quire::detail
