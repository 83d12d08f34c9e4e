#include "quire/data_version.h"

#include "quire/connection.h"

namespace quire {

Result<qint64> dataVersion(Connection &connection)
{
    Result<Statement> version = connection.cached("PRAGMA data_version");
    if (!version)
        return version.error();
    if (Result<bool> row = version->step(); !row)
        return row.error();
    return version->int64(0);
}

} // namespace quire
