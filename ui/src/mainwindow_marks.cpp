// Marking many pictures at once, with the keys of digiKam and Lightroom:
// 0 to 5 rate, 6 to 9 set the red, yellow, green or blue label (the same
// key again on pictures that all carry that label takes it off), P picks,
// X rejects and U unflags; the detail pane's title field titles them. Every selected picture (or the one in the
// viewer) is marked, one transaction per album, and the undo stack gets
// one entry that puts each picture's own marks back (and redo sets them
// again).

#include "quire/ui/mainwindow.h"

#include "quire/ui/albumgate.h"
#include "quire/ui/background.h"
#include "quire/ui/detailpane.h"
#include "quire/ui/picturegridmodel.h"
#include "quire/ui/picturegridview.h"
#include "quire/ui/pictureviewer.h"
#include "quire/ui/searchpanel.h"
#include "quire/ui/undoactions.h"
#include "wording.h"

#include <quire/pictures.h>
#include <quire/session.h>

#include <QItemSelectionModel>
#include <QStackedWidget>
#include <QUndoStack>

namespace quire::ui {

namespace {

struct Marked {
    QList<QPair<QUuid, Picture>> pictures; // as they are now
    QList<PictureMark> before;             // what undo puts back
    QList<PictureMark> after;              // what redo sets again: the fields that changed
    QString error;                         // the first album that failed, and why
};

// One field: when the mark sets it to something new, keeps the old value
// in `was` and sets it.
template<typename T>
void applyField(const std::optional<T> &mark, T &field, std::optional<T> &was)
{
    if (mark && field != *mark) {
        was = field;
        field = *mark;
    }
}

// Sets on picture what mark sets; returns what it was, for the fields that
// changed (nothing set: the picture already carries the mark).
PictureMark applyTo(Picture &picture, const PictureMark &mark)
{
    PictureMark before{mark.album, mark.picture, {}, {}, {}, {}};
    applyField(mark.rating, picture.rating, before.rating);
    applyField(mark.colourLabel, picture.colourLabel, before.colourLabel);
    applyField(mark.pick, picture.pick, before.pick);
    applyField(mark.title, picture.title, before.title);
    return before;
}

// Marks each picture, the pictures of one album in one transaction: an
// album either takes all of its marks or none.
Marked applyMarks(Registry &registry, AlbumGate *gate, const QList<PictureMark> &marks)
{
    QHash<QUuid, QList<PictureMark>> byAlbum;
    for (const PictureMark &mark : marks)
        byAlbum[mark.album].append(mark);
    Marked out;
    for (auto it = byAlbum.cbegin(); it != byAlbum.cend(); ++it) {
        AlbumGate::ReadLock lock;
        Result<Album> album = AlbumGate::open(registry, gate, it.key(), lock);
        Result<Session> session = album ? album->session(Access::Write, QStringLiteral("marks")) : album.error();
        Result<Transaction> transaction = session ? session->transaction() : Result<Transaction>(session.error());
        if (!transaction) {
            out.error = transaction.error().toString();
            continue;
        }
        QList<QPair<QUuid, Picture>> done;
        QList<PictureMark> before;
        QList<PictureMark> after;
        QString failed;
        for (const PictureMark &mark : it.value()) {
            Result<std::optional<Picture>> picture = quire::Pictures(*session).byId(mark.picture);
            if (!picture) {
                failed = picture.error().toString();
                break;
            }
            if (!*picture)
                continue; // gone since
            Picture changed = **picture;
            const PictureMark was = applyTo(changed, mark);
            if (!was.rating && !was.colourLabel && !was.pick && !was.title)
                continue; // marked so already
            if (Result<void> updated = quire::Pictures(*session).update(changed); !updated) {
                failed = updated.error().toString();
                break;
            }
            before.append(was);
            after.append({mark.album, mark.picture, was.rating ? mark.rating : std::nullopt,
                          was.colourLabel ? mark.colourLabel : std::nullopt, was.pick ? mark.pick : std::nullopt,
                          was.title ? mark.title : std::nullopt});
            done.append({mark.album, changed});
        }
        if (failed.isEmpty()) {
            if (Result<void> committed = transaction->commit(); !committed) {
                // Saved, but a sidecar could not follow: the marks stand.
                if (committed.error().changeKept())
                    out.error = committed.error().toString();
                else
                    failed = committed.error().toString();
            }
        }
        if (!failed.isEmpty()) {
            out.error = failed; // rolled back: this album keeps its marks
            continue;
        }
        out.pictures += done;
        out.before += before;
        out.after += after;
    }
    return out;
}

QString stars(int rating)
{
    return rating == 0 ? MainWindow::tr("no rating") : QString(rating, QChar(0x2605));
}

} // namespace

QList<QPair<QUuid, Picture>> MainWindow::selectedPictures() const
{
    QList<QPair<QUuid, Picture>> items;
    if (m_pages->currentWidget() == m_viewer) {
        if (m_viewed && m_viewer->current() >= 0 && m_viewer->current() < m_viewed->rowCount()) {
            const PictureGridModel::Item &item = m_viewed->item(m_viewer->current());
            items.append({item.albumUuid, item.picture});
        }
        return items;
    }
    const bool results = m_pages->currentWidget() == m_search;
    PictureGridModel *model = results ? m_search->results() : m_grid;
    QAbstractItemView *grid = results ? static_cast<QAbstractItemView *>(m_search->resultsView()) : m_gridView;
    QModelIndexList rows = grid->selectionModel()->selectedIndexes();
    if (rows.isEmpty() && grid->currentIndex().isValid())
        rows.append(grid->currentIndex());
    for (const QModelIndex &index : std::as_const(rows)) {
        const PictureGridModel::Item &item = model->item(index.row());
        items.append({item.albumUuid, item.picture});
    }
    return items;
}

void MainWindow::rateSelection(int rating)
{
    QList<PictureMark> marks;
    for (const auto &[album, picture] : selectedPictures())
        marks.append({album, picture.id, rating, {}, {}, {}});
    if (marks.isEmpty())
        return;
    setMarks(marks, tr("Rate %1 %2").arg(counted(marks.size(), "picture", "pictures"), stars(rating)));
}

void MainWindow::labelSelection(ColourLabel label)
{
    const QList<QPair<QUuid, Picture>> items = selectedPictures();
    if (items.isEmpty())
        return;
    // A key that changes nothing would look broken: on pictures that all
    // carry the label already, it takes the label off, as in Lightroom.
    const bool allCarryIt = std::all_of(items.cbegin(), items.cend(), [label](const QPair<QUuid, Picture> &item) {
        return item.second.colourLabel == label;
    });
    const ColourLabel set = allCarryIt ? ColourLabel::None : label;
    QList<PictureMark> marks;
    for (const auto &[album, picture] : items)
        marks.append({album, picture.id, {}, set, {}, {}});
    const QString pictures = counted(marks.size(), "picture", "pictures");
    setMarks(marks, set == ColourLabel::None ? tr("Take the label off %1").arg(pictures)
                                             : tr("Label %1 %2").arg(pictures, colourLabelName(set)));
}

void MainWindow::pickSelection(PickState pick)
{
    QList<PictureMark> marks;
    for (const auto &[album, picture] : selectedPictures())
        marks.append({album, picture.id, {}, {}, pick, {}});
    if (marks.isEmpty())
        return;
    const QString pictures = counted(marks.size(), "picture", "pictures");
    setMarks(marks, pick == PickState::Picked     ? tr("Pick %1").arg(pictures)
                    : pick == PickState::Rejected ? tr("Reject %1").arg(pictures)
                                                  : tr("Unflag %1").arg(pictures));
}

void MainWindow::titleSelection(const QString &title)
{
    const QString trimmed = title.trimmed();
    QList<PictureMark> marks;
    for (const auto &[album, picture] : selectedPictures())
        marks.append({album, picture.id, {}, {}, {}, trimmed});
    if (marks.isEmpty())
        return;
    const QString pictures = counted(marks.size(), "picture", "pictures");
    setMarks(marks, trimmed.isEmpty() ? tr("Clear the title of %1").arg(pictures)
                                      : tr("Title %1 \u201c%2\u201d").arg(pictures, trimmed));
}

void MainWindow::setMarks(const QList<PictureMark> &marks, const QString &undoText)
{
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    // One edit after the other, in the order given: keys pressed quickly
    // end with the last one's mark.
    ++m_counting; // the window is not idle until it is saved
    editQueue()->run(
        this, [registry, gate, marks] { return applyMarks(*registry, gate.get(), marks); },
        [this, undoText](Marked marked) {
            --m_counting;
            for (const auto &[album, picture] : std::as_const(marked.pictures)) {
                m_grid->updatePicture(album, picture);
                m_search->results()->updatePicture(album, picture);
            }
            if (m_detail->hasPicture()) {
                for (const auto &[album, picture] : std::as_const(marked.pictures)) {
                    if (album == m_detail->album() && picture.id == m_detail->picture().id)
                        m_detail->showPicture(album, albumName(album), picture);
                }
            }
            if (!marked.error.isEmpty())
                showError(tr("Some pictures could not be marked. %1").arg(marked.error));
            if (!undoText.isEmpty() && !marked.before.isEmpty()) {
                // Undo puts back each picture's own marks; redo sets again
                // the fields that changed, on those pictures only.
                const QList<PictureMark> before = marked.before;
                const QList<PictureMark> after = marked.after;
                m_undo->push(new UndoableAction(
                    undoText, [this, before] { setMarks(before, QString()); },
                    [this, after] { setMarks(after, QString()); }));
            }
            updateStatus();
        });
}

} // namespace quire::ui
