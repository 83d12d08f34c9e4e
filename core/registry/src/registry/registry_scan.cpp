// Registry::scan: find the albums under a folder, follow moved ones by UUID,
// and mark the known ones that are gone as Missing (never drop them).

#include "quire/registry.h"

#include "registry/registry_private.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace quire {

namespace {

// Tenant folders under root. Albums do not nest, so the walk stops at one;
// symbolic links are not followed (no loops, nothing outside root).
QStringList albumFoldersUnder(const QString &root, const TenantFormat &format)
{
    QStringList albums;
    QStringList pending{root};
    while (!pending.isEmpty()) {
        const QString folder = pending.takeLast();
        if (QFileInfo(Tenant::databasePathFor(folder, format)).exists()) {
            albums.append(folder);
            continue;
        }
        const QDir dir(folder);
        const QStringList children =
            dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDir::Name);
        for (auto it = children.crbegin(); it != children.crend(); ++it) {
            if (*it != format.controlFolder())
                pending.append(dir.filePath(*it));
        }
    }
    return albums;
}

bool isUnder(const QString &folder, const QString &root)
{
    return folder == root || folder.startsWith(root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/'));
}

} // namespace

Result<ScanReport> Registry::scan(const QString &folderArgument)
{
    const QString root = QFileInfo(folderArgument).canonicalFilePath();
    if (root.isEmpty() || !QFileInfo(root).isDir()) {
        return Error(ErrorCode::NotFound, folderArgument,
                     QStringLiteral("The folder to scan does not exist."));
    }
    ScanReport report;
    QSet<QUuid> found;
    for (Result<Private::Opened> &opened : d->openMany(albumFoldersUnder(root, d->format), OpenMode::Normal)) {
        if (!opened) {
            report.problems.append(opened.error());
            continue;
        }
        const QUuid uuid = opened->album.uuid();
        found.insert(uuid);
        report.found.append(uuid);
        switch (opened->outcome) {
        case Private::Outcome::Added:
            report.added.append(uuid);
            Q_EMIT tenantAdded(uuid);
            break;
        case Private::Outcome::Moved:
            report.moved.append(uuid);
            Q_EMIT tenantMoved(uuid, opened->previousFolder, opened->album.folder());
            break;
        case Private::Outcome::Reopened:
        case Private::Outcome::AlreadyOpen:
            break;
        }
    }

    Result<QList<CatalogEntry>> known = d->catalog.all();
    if (!known)
        return known.error();
    for (const CatalogEntry &entry : std::as_const(*known)) {
        if (found.contains(entry.uuid) || !isUnder(entry.folder, root))
            continue;
        if (detail::peekTenantUuid(entry.folder, d->format, d->budget.get()) == entry.uuid)
            continue; // there, but it did not open: already reported as a problem
        report.missing.append(entry.uuid);
        if (entry.state != TenantState::Missing) {
            if (auto r = d->catalog.setState(entry.uuid, TenantState::Missing,
                                             QStringLiteral("not found in its folder at the last scan"));
                !r)
                return r.error();
            Q_EMIT tenantStateChanged(entry.uuid, TenantState::Missing);
        }
    }
    if (auto r = d->catalog.flush(); !r)
        return r.error();
    return report;
}

} // namespace quire
