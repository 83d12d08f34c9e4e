// MainWindow: pictures. The current one in the detail pane; moving and
// copying them between albums (drag and drop onto the sidebar), and undoing
// that.

#include "quire/ui/mainwindow.h"
#include "quire/album.h"
#include "quire/pictures.h"

#include "quire/ui/actionrunner.h"
#include "quire/ui/albumgate.h"
#include "quire/ui/albumlistmodel.h"
#include "quire/ui/detailpane.h"
#include "quire/ui/picturegridmodel.h"
#include "quire/ui/searchpanel.h"
#include "quire/ui/thumbnailloader.h"
#include "quire/ui/undoactions.h"
#include "wording.h"

#include <quire/album_registry.h>
#include <quire/session.h>
#include <quire/transfer.h>

#include <QDir>
#include <QFile>
#include <QUndoStack>

namespace quire::ui {

namespace {

struct TransferOutcome {
    QList<TransferReport> reports;
    QList<Error> errors;
};

// Takes the copies a copyPictures() made out of the destination again:
// their rows, then their files.
Result<void> removeCopies(Registry &registry, AlbumGate *gate, const TransferReport &report)
{
    AlbumGate::ReadLock lock;
    Result<Album> destination = AlbumGate::open(registry, gate, report.destination, lock);
    if (!destination)
        return destination.error();
    {
        Result<Session> session = destination->write();
        if (!session)
            return session.error();
        QList<qint64> ids;
        for (const TransferReport::Item &item : report.items) {
            Result<std::optional<Picture>> picture = quire::Pictures(*session).byUuid(item.destinationUuid);
            if (!picture)
                return picture.error();
            if (*picture)
                ids.append((*picture)->id);
        }
        if (Result<void> removed = quire::Pictures(*session).remove(ids); !removed)
            return removed;
    }
    for (const TransferReport::Item &item : report.items)
        QFile::remove(QDir(destination->folder()).filePath(item.destinationPath));
    return {};
}

} // namespace

void MainWindow::pictureSelected(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_detail->clear();
        return;
    }
    const auto *model = qobject_cast<const PictureGridModel *>(index.model());
    if (!model)
        return;
    const PictureGridModel::Item &item = model->item(index.row());
    m_detail->showPicture(item.albumUuid, item.albumName, item.picture);
}

void MainWindow::pictureChanged(const QUuid &album, const Picture &picture)
{
    m_grid->updatePicture(album, picture);
    m_search->results()->updatePicture(album, picture);
}

void MainWindow::afterPicturesChanged(const QList<QUuid> &albums)
{
    for (const QUuid &album : albums)
        m_thumbnails->forgetAlbum(album);
    if (albums.contains(m_grid->album())) {
        m_detail->clear();
        m_grid->reload();
    }
    countPictures(albums, true);
}

void MainWindow::transferPictures(const QUuid &target, const QList<PictureRef> &pictures, Qt::DropAction action)
{
    const bool move = action == Qt::MoveAction;
    // One transfer per source album; each is atomic on its own.
    QHash<QUuid, QList<QUuid>> bySource;
    QList<QUuid> sources;
    for (const PictureRef &ref : pictures) {
        if (ref.album == target)
            continue;
        if (!bySource.contains(ref.album))
            sources.append(ref.album);
        bySource[ref.album].append(ref.picture);
    }
    if (sources.isEmpty())
        return;
    int count = 0;
    for (const QList<QUuid> &list : std::as_const(bySource))
        count += int(list.size());
    const QString targetName = albumName(target);
    const QString title = (move ? tr("Moving %1 to %2") : tr("Copying %1 to %2"))
                              .arg(counted(count, "picture", "pictures"), targetName);
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    QList<QUuid> involved = sources;
    involved.append(target);
    m_runner->start(title, involved,
                    [this, registry, gate, target, sources, bySource, move, involved, targetName,
                     count](JobControl &control) -> ActionRunner::Continuation {
                        TransferOutcome outcome;
                        AlbumGate::ReadLock targetLock;
                        Result<Album> destination = AlbumGate::open(*registry, gate.get(), target, targetLock);
                        if (!destination)
                            outcome.errors.append(destination.error());
                        int done = 0;
                        for (const QUuid &sourceUuid : sources) {
                            if (!destination)
                                break;
                            control.setProgress(done, sources.size());
                            AlbumGate::ReadLock sourceLock;
                            Result<Album> source = AlbumGate::open(*registry, gate.get(), sourceUuid, sourceLock);
                            if (!source) {
                                outcome.errors.append(source.error());
                                continue;
                            }
                            Result<TransferReport> report =
                                move ? movePictures(*registry, *source, *destination, bySource.value(sourceUuid))
                                     : copyPictures(*registry, *source, *destination, bySource.value(sourceUuid));
                            if (report)
                                outcome.reports.append(*report);
                            else
                                outcome.errors.append(report.error());
                            ++done;
                        }
                        return [this, outcome, move, involved, targetName, count] {
                            afterPicturesChanged(involved);
                            for (const Error &error : outcome.errors)
                                showFailure(move ? tr("Some pictures could not be moved; those are where they were.")
                                                 : tr("Some pictures could not be copied."),
                                            error);
                            if (outcome.reports.isEmpty())
                                return;
                            int transferred = 0;
                            for (const TransferReport &report : outcome.reports)
                                transferred += int(report.items.size());
                            showInfo((move ? tr("Moved %1 to %2.") : tr("Copied %1 to %2."))
                                         .arg(counted(transferred, "picture", "pictures"), targetName));
                            const QList<TransferReport> reports = outcome.reports;
                            const QString text = (move ? tr("Move %1") : tr("Copy %1"))
                                                     .arg(counted(transferred, "picture", "pictures"));
                            m_undo->push(new UndoableAction(text, [this, reports, move, involved, text] {
                                undoTransfers(reports, move, involved, text);
                            }));
                        };
                    });
}

void MainWindow::undoTransfers(const QList<TransferReport> &reports, bool move, const QList<QUuid> &involved,
                               const QString &text)
{
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_runner->start(tr("Undoing: %1").arg(text), involved,
                    [this, registry, gate, reports, move, involved](JobControl &) -> ActionRunner::Continuation {
                        QList<Error> errors;
                        for (const TransferReport &report : reports) {
                            if (move) {
                                // Back where they came from, keeping their UUIDs.
                                AlbumGate::ReadLock fromLock, toLock;
                                Result<Album> from = AlbumGate::open(*registry, gate.get(), report.destination, fromLock);
                                Result<Album> to = AlbumGate::open(*registry, gate.get(), report.source, toLock);
                                if (!from || !to) {
                                    errors.append(from ? to.error() : from.error());
                                    continue;
                                }
                                QList<QUuid> uuids;
                                for (const TransferReport::Item &item : report.items)
                                    uuids.append(item.destinationUuid);
                                Result<TransferReport> back = movePictures(*registry, *from, *to, uuids);
                                if (!back)
                                    errors.append(back.error());
                            } else if (Result<void> removed = removeCopies(*registry, gate.get(), report); !removed) {
                                errors.append(removed.error());
                            }
                        }
                        return [this, errors, involved, move] {
                            afterPicturesChanged(involved);
                            for (const Error &error : errors)
                                showFailure(move ? tr("The move could not be undone.") : tr("The copy could not be undone."), error);
                            if (errors.isEmpty())
                                showInfo(move ? tr("The pictures are back where they were.")
                                              : tr("The copies were removed again."));
                        };
                    });
}

} // namespace quire::ui
