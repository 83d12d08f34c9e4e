#include "quire/ui/albumgate.h"
#include "quire/album.h"

#include <quire/album_registry.h>

#include <QCoreApplication>

namespace quire::ui {

Result<Album> AlbumGate::open(Registry &registry, AlbumGate *gate, const QUuid &album, ReadLock &lock)
{
    if (!enter(gate, album, lock)) {
        return Error(ErrorCode::Busy, album.toString(QUuid::WithoutBraces),
                     QCoreApplication::translate("quire::ui", "The album is busy: its folder is being renamed, moved "
                                                              "or closed. Try again when that is done."));
    }
    if (Album found = registry.find(album); !found.isNull())
        return found;
    return registry.resolve(album.toString(QUuid::WithoutBraces));
}

} // namespace quire::ui
