#pragma once
// The albums a fan-out visits, and opening each one through the registry.

#include "quire/album.h"
#include "quire/error.h"

#include <QList>
#include <QString>
#include <QUuid>

namespace quire {
class Registry;
}

namespace quire::detail {

struct AlbumTarget {
    QUuid uuid;
    QString folder;
    QString name;
};

struct AlbumTargets {
    QList<AlbumTarget> albums;
    QList<Error> unknown; // asked-for UUIDs the catalog does not know
};

// The catalog's albums with these UUIDs, in the order asked (empty: every
// album in the catalog, by UUID).
Result<AlbumTargets> albumTargets(Registry &registry, const QList<QUuid> &uuids);

// The album open in the registry, else opened through it. Every error
// names the target's folder.
Result<Album> openTarget(Registry &registry, const AlbumTarget &target);

} // namespace quire::detail
