#pragma once
// Repairing a damaged album: what SQLite can still read of its database is
// salvaged, table by table and row by row (rows on damaged pages are
// skipped), into a fresh database of Quire's current schema that keeps the
// album's UUID and name. The original database (with its -wal and -shm) is
// kept aside, byte for byte, in .quire/damaged-<timestamp>/, and the new one
// is put in its place with rename(2). The pictures' files are not touched.
//
// Close the album in other programs first: repair works on the files.

#include "quire/error.h"
#include "quire/export.h"
#include "quire/format.h"

#include <QList>
#include <QString>
#include <QUuid>

namespace quire {

class Registry;

struct QUIRE_CORE_EXPORT RepairReport {
    struct Table {
        QString name;
        qint64 salvaged = 0; // rows copied into the new database
        qint64 lost = 0;     // rows known to have been there and not copied; -1: unknown
    };
    QString folder;
    QUuid uuid;
    QString name;
    QString originalKeptIn; // the folder holding the original database files
    QList<Table> tables;

    qint64 salvaged() const;
    // Rows known lost (tables whose loss is unknown count 0).
    qint64 lost() const;
    // Whether some table's loss could not be counted.
    bool lossUnknown() const;
};

// Repairs the album in folder. knownUuid/knownName are used when the
// database no longer tells them (the catalog's record); a new UUID is made
// when neither does.
QUIRE_CORE_EXPORT Result<RepairReport> repairTenantFolder(const QString &folder, const TenantFormat &format,
                                                          const QUuid &knownUuid = {}, const QString &knownName = {});

// The album named by its folder or its UUID in the registry's catalog:
// closed in this registry, repaired, and opened again (its catalog state
// follows).
QUIRE_CORE_EXPORT Result<RepairReport> repairTenant(Registry &registry, const QString &folderOrUuid);

} // namespace quire
