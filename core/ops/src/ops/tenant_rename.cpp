// renameTenant and deleteTenant: drain the album's connections through the
// registry, then rename(2) in the same parent or remove / trash the folder.

#include "quire/folders.h"

#include "base/crash_point.h"
#include "base/folder_copy.h"
#include "ops/folder_ops.h"
#include "registry/registry_private.h"
#include "quire/registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <cstdio>

namespace quire {

static Result<Tenant> renameTenantImpl(Registry &registry, const QUuid &uuid, const QString &newNameArgument,
                                       bool keepFolder)
{
    Result<Tenant> found = detail::albumFor(registry, uuid);
    if (!found)
        return found.error();
    Tenant album = *found;
    const QString folder = album.folder();
    const QString label = album.name().isEmpty() ? folder : album.name();
    auto refuse = [&](ErrorCode code, const QString &why) -> Result<Tenant> {
        return Error(code, label, QStringLiteral("cannot rename the %1: %2").arg(registry.format().kind(), why));
    };
    const QString newName = newNameArgument.trimmed();
    if (newName.isEmpty())
        return refuse(ErrorCode::InvalidArgument, QStringLiteral("the new name is empty."));
    if (keepFolder) {
        if (auto r = album.setName(newName); !r)
            return r.error().withAlbum(label);
        if (auto r = registry.refresh(uuid); !r)
            return r.error().withAlbum(label);
        return album;
    }
    if (newName.contains(QLatin1Char('/')) || newName == QLatin1String(".") || newName == QLatin1String("..")
        || newName.contains(QLatin1Char('\0')))
        return refuse(ErrorCode::InvalidArgument,
                      QStringLiteral("'%1' cannot be a folder name (no '/'); keep the folder to use it as a display name only.")
                          .arg(newName));
    const QString parent = QFileInfo(folder).absolutePath();
    const QString target = QDir(parent).filePath(newName);
    if (target == folder) {
        if (auto r = album.setName(newName); !r)
            return r.error().withAlbum(label);
        if (auto r = registry.refresh(uuid); !r)
            return r.error().withAlbum(label);
        return album;
    }
    if (QFileInfo::exists(target) || QFileInfo(target).isSymLink())
        return refuse(ErrorCode::AlreadyExists, QStringLiteral("%1 already exists.").arg(target));
    if (detail::moveLockHeld(folder, registry.format()))
        return refuse(ErrorCode::Busy, QStringLiteral("it is being moved to another folder; try again when that is done."));
    if (detail::transferLockHeld(folder, registry.format()))
        return refuse(ErrorCode::Busy, QStringLiteral("another program is moving %1 in or out of it; try again when it is done.")
                                           .arg(registry.format().rowNoun()));

    // Nothing in this process opens the album at its old place meanwhile.
    detail::FolderFence fence(registry, folder);
    auto reopen = [&] {
        fence.lift();
        (void)registry.open(folder);
    };
    if (auto r = registry.close(uuid); !r) {
        fence.lift();
        return refuse(r.error().code(), r.error().message());
    }
    if (detail::albumHeldElsewhere(folder, registry.format())) {
        reopen();
        return refuse(ErrorCode::Busy, QStringLiteral("another program has the %1 open; close it there first.")
                                           .arg(registry.format().kind()));
    }
    // The crash test's kill points: a crash anywhere leaves the tenant whole
    // in its old folder or its new one, found there by its UUID.
    detail::crashPoint("rename.closed");
    // renameat2(RENAME_NOREPLACE) would close the race with a folder made
    // meanwhile; rename(2) replaces only an empty folder, which we checked.
    if (::rename(QFile::encodeName(folder).constData(), QFile::encodeName(target).constData()) != 0) {
        const int error = errno;
        reopen();
        return refuse(ErrorCode::Io, QStringLiteral("renaming to %1 failed: %2")
                                         .arg(target, QString::fromLocal8Bit(std::strerror(error))));
    }
    detail::crashPoint("rename.renamed");
    detail::fsyncFolder(parent);
    detail::crashPoint("rename.synced");
    Result<Tenant> renamed = registry.open(target); // follows by UUID: tenantMoved
    if (!renamed)
        return renamed.error().withAlbum(label);
    detail::crashPoint("rename.reopened");
    if (auto r = renamed->setName(newName); !r)
        return r.error().withAlbum(label);
    detail::crashPoint("rename.named");
    if (auto r = registry.refresh(uuid); !r)
        return r.error().withAlbum(label);
    return renamed;
}

Result<Tenant> renameTenant(Registry &registry, const QUuid &uuid, const QString &newNameArgument, bool keepFolder)
{
    return withKind(renameTenantImpl(registry, uuid, newNameArgument, keepFolder), registry.format().kind());
}

static Result<void> deleteTenantImpl(Registry &registry, const QUuid &uuid, bool permanently)
{
    Result<Tenant> found = detail::albumFor(registry, uuid);
    if (!found)
        return found.error();
    const Tenant album = *found;
    const QString folder = album.folder();
    const QString label = album.name().isEmpty() ? folder : album.name();
    auto refuse = [&](ErrorCode code, const QString &why) -> Result<void> {
        return Error(code, label, QStringLiteral("cannot delete the %1: %2").arg(registry.format().kind(), why));
    };
    if (detail::moveLockHeld(folder, registry.format()))
        return refuse(ErrorCode::Busy, QStringLiteral("it is being moved to another folder; try again when that is done."));
    if (detail::transferLockHeld(folder, registry.format()))
        return refuse(ErrorCode::Busy, QStringLiteral("another program is moving %1 in or out of it; try again when it is done.")
                                           .arg(registry.format().rowNoun()));
    detail::FolderFence fence(registry, folder);
    auto reopen = [&](const QString &where) {
        fence.lift();
        (void)registry.open(where);
    };
    if (auto r = registry.close(uuid); !r) {
        fence.lift();
        return refuse(r.error().code(), r.error().message());
    }
    if (detail::albumHeldElsewhere(folder, registry.format())) {
        reopen(folder);
        return refuse(ErrorCode::Busy, QStringLiteral("another program has the %1 open; close it there first.")
                                           .arg(registry.format().kind()));
    }
    // The crash test's kill points: a crash leaves the tenant whole where it
    // was (and listed there), or a "<folder>.quire-deleting-<id>" that
    // recovery removes (and forgets the tenant, if the crash came first).
    detail::crashPoint("delete.closed");
    if (permanently) {
        // Renamed first, so a half-removed folder never looks like the album.
        const QString doomed = folder + QStringLiteral(".quire-deleting-")
            + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString parent = QFileInfo(folder).absolutePath();
        if (::rename(QFile::encodeName(folder).constData(), QFile::encodeName(doomed).constData()) != 0) {
            const int error = errno;
            reopen(folder);
            return refuse(ErrorCode::Io, QString::fromLocal8Bit(std::strerror(error)));
        }
        detail::crashPoint("delete.renamed");
        detail::fsyncFolder(parent);
        detail::crashPoint("delete.synced");
        // Forgotten as soon as the rename is on disk, before anything is
        // removed: from here on the workspace never lists the tenant as
        // available at a folder that is going. A crash before this line
        // leaves a doomed folder that still holds the database, and
        // recoverFolderOperations forgets it when it removes that folder.
        if (auto r = registry.forget(uuid); !r) {
            // Still listed: put the folder back so the listing stays true.
            if (::rename(QFile::encodeName(doomed).constData(), QFile::encodeName(folder).constData()) == 0) {
                detail::fsyncFolder(parent);
                reopen(folder); // and remembered again, should forget have dropped it
                return refuse(r.error().code(), QStringLiteral("the workspace could not forget it (%1); nothing was deleted.")
                                                    .arg(r.error().message()));
            }
            return refuse(r.error().code(), QStringLiteral("the workspace could not forget it (%1); %2 is left to "
                                                           "'quirectl recover' to remove.")
                                                .arg(r.error().message(), doomed));
        }
        detail::crashPoint("delete.forgotten");
        if (!QDir(doomed).removeRecursively())
            return refuse(ErrorCode::Io, QStringLiteral("%1 could not be removed entirely; remove it by hand.").arg(doomed));
        detail::fsyncFolder(parent);
        detail::crashPoint("delete.removed");
        return {};
    }
    // To the desktop trash. Qt 6.4 reports success even when it could not find the home trash
    // (its data folder, ~/.local/share, does not exist yet), having moved
    // the folder to "./files/" under the working directory. The spec lets
    // a program make the home trash; make its parent so Qt finds it, and
    // check where the album went.
    QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
    // The intent, in the workspace, before the folder goes: a crash after
    // the move to the trash and before the workspace forgets the tenant
    // would list it as available at a folder that is no longer there.
    // recoverFolderOperations forgets it then, or keeps it if the folder
    // still holds it. (An older release reads the record as a move cut
    // short, with no destination, and drops it.)
    const QString journal = QDir(detail::folderJournalFolder(registry))
                                .filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".json"));
    const QJsonObject intent{{QStringLiteral("operation"), QFileInfo(journal).completeBaseName()},
                             {QStringLiteral("kind"), QStringLiteral("trash")},
                             {QStringLiteral("album"), uuid.toString(QUuid::WithoutBraces)},
                             {QStringLiteral("source"), folder}};
    if (!QDir().mkpath(detail::folderJournalFolder(registry)) || !detail::writeJsonSynced(journal, intent)) {
        detail::removeFileSynced(journal);
        reopen(folder);
        return refuse(ErrorCode::Io, QStringLiteral("the workspace %1 cannot be written; nothing was deleted.")
                                         .arg(registry.workspaceFolder()));
    }
    detail::crashPoint("delete.journaled");
    QString inTrash;
    const bool moved = QFile::moveToTrash(folder, &inTrash);
    if (!moved || QDir::isRelativePath(inTrash))
        detail::removeFileSynced(journal); // the tenant stays (or is put back) where it was
    if (moved && QDir::isRelativePath(inTrash)) {
        const QString strayed = QFileInfo(inTrash).absoluteFilePath();
        const bool back = QDir().rename(strayed, folder);
        reopen(back ? folder : strayed);
        return refuse(ErrorCode::Io,
                      back ? QStringLiteral("the desktop trash could not be found; the %1 was left where it "
                                            "is. Delete it permanently instead.")
                                 .arg(registry.format().kind())
                           : QStringLiteral("the desktop trash could not be found and the %1 ended up in %2; "
                                            "move it back by hand.")
                                 .arg(registry.format().kind(), strayed));
    }
    if (!moved) {
        reopen(folder);
        return refuse(ErrorCode::Io,
                      QStringLiteral("the desktop trash is not available for %1; delete it permanently instead.")
                          .arg(folder));
    }
    detail::crashPoint("delete.trashed");
    if (auto r = registry.forget(uuid); !r) // the journal stays: the next recovery forgets it
        return refuse(r.error().code(), QStringLiteral("it is in the trash (%1), but the workspace could not forget it "
                                                       "(%2); 'quirectl recover' will.")
                                            .arg(inTrash, r.error().message()));
    detail::crashPoint("delete.forgotten");
    detail::removeFileSynced(journal);
    return {};
}

Result<void> deleteTenant(Registry &registry, const QUuid &uuid, bool permanently)
{
    return withKind(deleteTenantImpl(registry, uuid, permanently), registry.format().kind());
}

} // namespace quire
