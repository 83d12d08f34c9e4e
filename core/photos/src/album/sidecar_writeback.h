#pragma once
// Sidecar write-back: the one place below every edit (the desktop's keys,
// its detail pane, quirectl set and tag, a program's own Pictures and Tags
// calls) where an album's edits reach its pictures' XMP sidecars.
//
// The typed API notes each picture whose tags, rating, pick, colour label,
// title or description it changes; after the outermost transaction
// commits, the connection's commit follow-up (quire/connection.h) writes
// the sidecars of those pictures when the album asks for it (its meta row
// 'sidecar_write_back'), and records each sidecar's new size and time in
// its picture row, so the next rescan does not read back as a change what
// Quire itself wrote. A sidecar another program changed since Quire last
// read it gets both programs' changes (this edit's fields over the other
// program's, tags added and removed on both sides), and its record stays,
// so the next rescan reads the other program's changes into the album. A sidecar that cannot be written makes the commit's
// result an error that names the album and the file, marked changeKept():
// the edit stays in the album.

#include "quire/error.h"

#include <QList>

namespace quire {
class Session;
}

namespace quire::detail {

// These pictures' sidecar fields change in the session's open transaction;
// call before the change (their fields as they were tell this edit's
// changes from those another program made to a sidecar meanwhile).
Result<void> noteSidecarEdits(Session &session, const QList<qint64> &pictureIds);
// The pictures carrying the tag or one below it (a rename, a move or a
// removal of the tag changes their tags); call before the change.
Result<void> noteSidecarEditsOfTag(Session &session, qint64 tagId);
// Nothing written in the open transaction goes to sidecars: the importer's
// changes are what it has just read from them.
void dropSidecarEdits(Session &session);

} // namespace quire::detail
