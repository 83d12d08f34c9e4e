#pragma once
// The engine's folder operations under the album's names: copy, move,
// rename, delete and repair an album folder (quire/folders.h,
// quire/folders_move.h and quire/repair.h say how each works).

#include "quire/album.h"
#include "quire/folders.h"
#include "quire/folders_move.h"
#include "quire/repair.h"

namespace quire {

using CopyAlbumOptions = CopyTenantOptions;
using CopyAlbumProgress = CopyTenantProgress;

inline Result<Album> copyAlbum(Registry &registry, const QUuid &album, const QString &destinationFolder,
                               const CopyAlbumOptions &options = {})
{
    return copyTenant(registry, album, destinationFolder, options);
}

inline Result<Album> moveAlbum(Registry &registry, const QUuid &album, const QString &destinationFolder,
                               const MoveOptions &options = {})
{
    return moveTenant(registry, album, destinationFolder, options);
}

inline Result<Album> renameAlbum(Registry &registry, const QUuid &album, const QString &newName,
                                 bool keepFolder = false)
{
    return renameTenant(registry, album, newName, keepFolder);
}

inline Result<void> deleteAlbum(Registry &registry, const QUuid &album, bool permanently = false)
{
    return deleteTenant(registry, album, permanently);
}

inline Result<RepairReport> repairAlbumFolder(const QString &folder, const QUuid &knownUuid = {},
                                              const QString &knownName = {})
{
    return repairTenantFolder(folder, albumFormat(), knownUuid, knownName);
}

inline Result<RepairReport> repairAlbum(Registry &registry, const QString &folderOrUuid)
{
    return repairTenant(registry, folderOrUuid);
}

} // namespace quire
