#pragma once
// AlbumFormat: the album schema as ordered migration steps. An album at
// version N has run steps 1..N; a new album runs them all from an empty file.

#include "quire/export.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace quire {

struct MigrationStep {
    int version = 0;        // user_version after the step
    QString description;
    QByteArray sql;         // statements separated by lines holding only ';;'
    int minWriteVersion = 0; // oldest schema a Quire may know and still write (0: this version)
};

class QUIRE_CORE_EXPORT AlbumFormat
{
public:
    // PRAGMA application_id of every Quire album: "QUIR" in ASCII.
    static constexpr qint32 ApplicationId = 0x51554952;

    explicit AlbumFormat(QList<MigrationStep> steps);
    ~AlbumFormat();

    // Quire's own format, read once from the embedded resources/schema.
    static const AlbumFormat &current();

    int latestVersion() const;
    const QList<MigrationStep> &steps() const;
    // The sqlite_schema text an album at this version must have exactly.
    QByteArray fingerprint(int version) const;

    // Splits a step's SQL into statements (at lines holding only ';;').
    static QList<QByteArray> statements(const QByteArray &sql);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace quire
