// Tagging many pictures at once: the detail pane's Add and Remove apply to
// every selected picture (or the one in the viewer), across albums, one
// transaction per album. The undo stack gets one step ("Tag 20 pictures
// with Places/Beach") that takes the tag off exactly the pictures that did
// not have it, or puts it back on those it was taken from; redo does the
// same change again.

#include "quire/ui/mainwindow.h"

#include "quire/ui/albumgate.h"
#include "quire/ui/background.h"
#include "quire/ui/detailpane.h"
#include "quire/ui/undoactions.h"
#include "wording.h"

#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QUndoStack>

namespace quire::ui {

namespace {

struct Tagged {
    QList<TagEdit> changed; // the pictures whose tags changed, by album
    QString error;          // the first album that failed, and why
};

// Adds or removes the tag of each edit, an album's pictures in one
// transaction: an album takes all of its change or none.
Tagged applyTagEdits(Registry &registry, AlbumGate *gate, const QList<TagEdit> &edits)
{
    Tagged out;
    for (const TagEdit &edit : edits) {
        AlbumGate::ReadLock lock;
        Result<Album> album = AlbumGate::open(registry, gate, edit.album, lock);
        Result<Session> session = album ? album->session(Access::Write, QStringLiteral("tagging")) : album.error();
        Result<Transaction> transaction = session ? session->transaction() : Result<Transaction>(session.error());
        if (!transaction) {
            out.error = transaction.error().toString();
            continue;
        }
        quire::Tags tags(*session);
        // Removing a tag the album never had changes nothing; adding makes
        // it (and its parents) in the album first.
        Result<std::optional<Tag>> tag = tags.byPath(edit.path);
        if (tag && !*tag && edit.add) {
            Result<Tag> made = tags.ensure(edit.path);
            tag = made ? Result<std::optional<Tag>>(std::optional<Tag>(*made)) : Result<std::optional<Tag>>(made.error());
        }
        if (!tag) {
            out.error = tag.error().toString();
            continue;
        }
        if (!*tag)
            continue;
        TagEdit changed{edit.album, edit.path, edit.add, {}};
        QString failed;
        for (qint64 picture : edit.pictures) {
            Result<QList<Tag>> carried = tags.of(picture);
            if (!carried) {
                failed = carried.error().toString();
                break;
            }
            const bool has = std::any_of(carried->cbegin(), carried->cend(),
                                         [&](const Tag &t) { return t.id == (*tag)->id; });
            if (has != edit.add)
                changed.pictures.append(picture);
        }
        if (failed.isEmpty() && !changed.pictures.isEmpty()) {
            Result<void> done = edit.add ? tags.attach(changed.pictures, (*tag)->id)
                                         : tags.detach(changed.pictures, (*tag)->id);
            if (!done)
                failed = done.error().toString();
        }
        if (failed.isEmpty()) {
            if (Result<void> committed = transaction->commit(); !committed) {
                // Saved, but a sidecar could not follow: the tags stand.
                if (committed.error().changeKept())
                    out.error = committed.error().toString();
                else
                    failed = committed.error().toString();
            }
        }
        if (!failed.isEmpty()) {
            out.error = failed; // rolled back: this album keeps its tags
            continue;
        }
        if (!changed.pictures.isEmpty())
            out.changed.append(changed);
    }
    return out;
}

QList<TagEdit> reversed(QList<TagEdit> edits)
{
    for (TagEdit &edit : edits)
        edit.add = !edit.add;
    return edits;
}

} // namespace

void MainWindow::tagSelection(const QString &path, bool add)
{
    const QString tagPath = path.trimmed();
    if (tagPath.isEmpty())
        return;
    QHash<QUuid, TagEdit> byAlbum;
    QList<QUuid> order;
    for (const auto &[album, picture] : selectedPictures()) {
        if (!byAlbum.contains(album)) {
            byAlbum.insert(album, TagEdit{album, tagPath, add, {}});
            order.append(album);
        }
        byAlbum[album].pictures.append(picture.id);
    }
    if (order.isEmpty())
        return;
    QList<TagEdit> edits;
    int pictures = 0;
    for (const QUuid &album : std::as_const(order)) {
        edits.append(byAlbum.value(album));
        pictures += edits.last().pictures.size();
    }
    const QString many = counted(pictures, "picture", "pictures");
    setTags(edits, add ? tr("Tag %1 with %2").arg(many, tagPath) : tr("Remove %1 from %2").arg(tagPath, many));
}

void MainWindow::setTags(const QList<TagEdit> &edits, const QString &undoText)
{
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    // On the same queue as ratings and labels: edits land in key order.
    ++m_counting;
    editQueue()->run(
        this, [registry, gate, edits] { return applyTagEdits(*registry, gate.get(), edits); },
        [this, undoText](Tagged tagged) {
            --m_counting;
            if (m_detail->hasPicture()) {
                for (const TagEdit &edit : std::as_const(tagged.changed)) {
                    if (edit.album == m_detail->album() && edit.pictures.contains(m_detail->picture().id))
                        m_detail->reloadTags();
                }
            }
            if (!tagged.error.isEmpty())
                showError(tr("Some pictures could not be tagged. %1").arg(tagged.error));
            if (!undoText.isEmpty() && !tagged.changed.isEmpty()) {
                const QList<TagEdit> changed = tagged.changed;
                m_undo->push(new UndoableAction(
                    undoText, [this, changed] { setTags(reversed(changed), QString()); },
                    [this, changed] { setTags(changed, QString()); }));
            }
            updateStatus();
        });
}

} // namespace quire::ui
