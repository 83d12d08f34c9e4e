// Rating many pictures at once: the keys 0 to 5 rate every selected
// picture (or the one in the viewer), one transaction per album, and the
// undo stack gets one entry that puts each picture's own rating back.

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

struct Rated {
    QList<QPair<QUuid, Picture>> pictures; // as they are now
    QList<RatingChange> before;            // what undo puts back
    QString error;                         // the first album that failed, and why
};

// Sets each picture's rating, the pictures of one album in one
// transaction: an album either takes all of its ratings or none.
Rated applyRatings(Registry &registry, AlbumGate *gate, const QList<RatingChange> &changes)
{
    QHash<QUuid, QList<RatingChange>> byAlbum;
    for (const RatingChange &change : changes)
        byAlbum[change.album].append(change);
    Rated out;
    for (auto it = byAlbum.cbegin(); it != byAlbum.cend(); ++it) {
        AlbumGate::ReadLock lock;
        Result<Album> album = AlbumGate::open(registry, gate, it.key(), lock);
        Result<Session> session = album ? album->session(Access::Write, QStringLiteral("rating")) : album.error();
        Result<Transaction> transaction = session ? session->transaction() : Result<Transaction>(session.error());
        if (!transaction) {
            out.error = transaction.error().toString();
            continue;
        }
        QList<QPair<QUuid, Picture>> done;
        QList<RatingChange> before;
        QString failed;
        for (const RatingChange &change : it.value()) {
            Result<std::optional<Picture>> picture = quire::Pictures(*session).byId(change.picture);
            if (!picture) {
                failed = picture.error().toString();
                break;
            }
            if (!*picture || (*picture)->rating == change.rating)
                continue; // gone since, or rated so already
            Picture changed = **picture;
            before.append({change.album, change.picture, changed.rating});
            changed.rating = change.rating;
            if (Result<void> updated = quire::Pictures(*session).update(changed); !updated) {
                failed = updated.error().toString();
                break;
            }
            done.append({change.album, changed});
        }
        if (failed.isEmpty()) {
            if (Result<void> committed = transaction->commit(); !committed)
                failed = committed.error().toString();
        }
        if (!failed.isEmpty()) {
            out.error = failed; // rolled back: this album keeps its ratings
            continue;
        }
        out.pictures += done;
        out.before += before;
    }
    return out;
}

QString stars(int rating)
{
    return rating == 0 ? MainWindow::tr("no rating") : QString(rating, QChar(0x2605));
}

} // namespace

QList<RatingChange> MainWindow::selectedForRating(int rating) const
{
    QList<RatingChange> changes;
    if (m_pages->currentWidget() == m_viewer) {
        if (m_viewed && m_viewer->current() >= 0 && m_viewer->current() < m_viewed->rowCount()) {
            const PictureGridModel::Item &item = m_viewed->item(m_viewer->current());
            changes.append({item.albumUuid, item.picture.id, rating});
        }
        return changes;
    }
    const bool results = m_pages->currentWidget() == m_search;
    PictureGridModel *model = results ? m_search->results() : m_grid;
    QAbstractItemView *grid = results ? static_cast<QAbstractItemView *>(m_search->resultsView()) : m_gridView;
    QModelIndexList rows = grid->selectionModel()->selectedIndexes();
    if (rows.isEmpty() && grid->currentIndex().isValid())
        rows.append(grid->currentIndex());
    for (const QModelIndex &index : std::as_const(rows)) {
        const PictureGridModel::Item &item = model->item(index.row());
        changes.append({item.albumUuid, item.picture.id, rating});
    }
    return changes;
}

void MainWindow::rateSelection(int rating)
{
    const QList<RatingChange> changes = selectedForRating(rating);
    if (changes.isEmpty())
        return;
    setRatings(changes, tr("Rate %1 %2").arg(counted(changes.size(), "picture", "pictures"), stars(rating)));
}

void MainWindow::setRatings(const QList<RatingChange> &changes, const QString &undoText)
{
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    // One edit after the other, in the order given: keys pressed quickly
    // end with the last one's rating.
    if (!m_edits)
        m_edits = new Background(1, this);
    ++m_counting; // the window is not idle until it is saved
    m_edits->run(
        this, [registry, gate, changes] { return applyRatings(*registry, gate.get(), changes); },
        [this, undoText](Rated rated) {
            --m_counting;
            for (const auto &[album, picture] : std::as_const(rated.pictures)) {
                m_grid->updatePicture(album, picture);
                m_search->results()->updatePicture(album, picture);
            }
            if (m_detail->hasPicture()) {
                for (const auto &[album, picture] : std::as_const(rated.pictures)) {
                    if (album == m_detail->album() && picture.id == m_detail->picture().id)
                        m_detail->showPicture(album, albumName(album), picture);
                }
            }
            if (!rated.error.isEmpty())
                showError(tr("Some ratings could not be saved. %1").arg(rated.error));
            if (!undoText.isEmpty() && !rated.before.isEmpty()) {
                const QList<RatingChange> before = rated.before;
                m_undo->push(new UndoableAction(undoText, [this, before] { setRatings(before, QString()); }));
            }
            updateStatus();
        });
}

} // namespace quire::ui
