// MainWindow: the album actions. Each runs its core call on the runner's
// worker and reports back on the GUI thread.

#include "quire/ui/mainwindow.h"
#include "quire/album.h"
#include "quire/album_folders.h"

#include "quire/ui/actionrunner.h"
#include "quire/ui/background.h"
#include "quire/ui/albumgate.h"
#include "quire/ui/albumlistmodel.h"
#include "quire/ui/detailpane.h"
#include "quire/ui/thumbnailloader.h"
#include "quire/ui/demoworkspace.h"
#include "quire/ui/picturegridmodel.h"
#include "quire/ui/prompts.h"
#include "quire/ui/undoactions.h"
#include "wording.h"

#include <quire/album_folders.h>
#include <quire/album_folders.h>
#include <quire/album_registry.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QUndoStack>

namespace quire::ui {

namespace {
QString progressText(qint64 files, qint64 filesTotal, qint64 bytes, qint64 bytesTotal)
{
    const QLocale locale;
    return QCoreApplication::translate("quire::ui", "%1 of %2 files, %3 of %4")
        .arg(files)
        .arg(filesTotal)
        .arg(locale.formattedDataSize(bytes), locale.formattedDataSize(bytesTotal));
}

// The catalog keeps the name an album had when it was opened: a rename
// (renameAlbum) changes the album but not the catalog entry, so reopen it.
Result<Album> recordName(Registry &registry, Result<Album> renamed)
{
    if (!renamed)
        return renamed;
    const QUuid uuid = renamed->uuid();
    const QString folder = renamed->folder();
    if (Result<void> closed = registry.close(uuid); !closed)
        return closed.error();
    return registry.open(folder);
}

// A folder name that is not taken yet under parent: name, "name 2", ...
QString freeFolder(const QString &parent, const QString &name)
{
    QDir dir(parent);
    QString candidate = dir.filePath(name);
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = dir.filePath(QStringLiteral("%1 %2").arg(name).arg(n));
    return candidate;
}
} // namespace

void MainWindow::addFolder(const QString &folder)
{
    Registry *registry = &m_registry;
    m_runner->start(tr("Adding %1").arg(QDir::toNativeSeparators(folder)), {},
                    [this, registry, folder](JobControl &) -> ActionRunner::Continuation {
                        Result<Album> album = registry->open(folder);
                        return [this, album, folder] {
                            if (!album) {
                                showError(album.error().toString());
                                return;
                            }
                            addRecentFolder(folder);
                            refresh();
                            selectAlbum(album->uuid());
                            showInfo(tr("Added the album %1.").arg(albumName(album->uuid())));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::newAlbum(const QString &folder, const QString &name)
{
    Registry *registry = &m_registry;
    m_runner->start(tr("Making the album %1").arg(name), {},
                    [this, registry, folder, name](JobControl &) -> ActionRunner::Continuation {
                        Result<Album> album = registry->create(folder, name);
                        return [this, album, name] {
                            if (!album) {
                                showFailure(tr("The album \"%1\" could not be made.").arg(name), album.error());
                                return;
                            }
                            refresh();
                            selectAlbum(album->uuid());
                            showInfo(tr("Made the album %1.").arg(name));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::scanFolder(const QString &folder)
{
    Registry *registry = &m_registry;
    m_runner->start(tr("Looking for albums in %1").arg(QDir::toNativeSeparators(folder)), {},
                    [this, registry, folder](JobControl &) -> ActionRunner::Continuation {
                        Result<ScanReport> report = registry->scan(folder);
                        return [this, report, folder] {
                            if (!report) {
                                showFailure(tr("The folder %1 could not be scanned.").arg(QDir::toNativeSeparators(folder)),
                                            report.error());
                                return;
                            }
                            addRecentFolder(folder);
                            refresh();
                            if (!report->added.isEmpty())
                                selectAlbum(report->added.first());
                            showInfo(tr("Found %1 in %2")
                                         .arg(counted(report->found.size(), "album", "albums"), QDir::toNativeSeparators(folder))
                                     + tr(": %1 new, %2 moved, %3 missing.")
                                           .arg(report->added.size())
                                           .arg(report->moved.size())
                                           .arg(report->missing.size()));
                            if (!report->problems.isEmpty()) {
                                QStringList lines;
                                for (const Error &problem : report->problems)
                                    lines.append(problem.toString());
                                showError(tr("Some folders look like albums but could not be used:\n\n%1")
                                              .arg(lines.join(QLatin1Char('\n'))));
                            }
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::copyAlbumTo(const QUuid &album, const QString &destinationFolder)
{
    Registry *registry = &m_registry;
    const QString name = albumName(album);
    m_runner->start(tr("Copying the album %1").arg(name), {album},
                    [this, registry, album, destinationFolder, name](JobControl &control) -> ActionRunner::Continuation {
                        CopyAlbumOptions options;
                        options.cancel = control.cancelFlag();
                        options.progress = [&control](const CopyAlbumProgress &p) {
                            control.setProgress(p.bytes, p.bytesTotal,
                                                progressText(p.files, p.filesTotal, p.bytes, p.bytesTotal));
                            return !control.isCancelled();
                        };
                        Result<Album> copy = copyAlbum(*registry, album, destinationFolder, options);
                        return [this, copy, name, destinationFolder] {
                            if (!copy) {
                                if (copy.error().code() == ErrorCode::Cancelled)
                                    showInfo(tr("The copy of %1 was cancelled; nothing was left behind.").arg(name));
                                else
                                    showFailure(tr("The album \"%1\" could not be copied.").arg(name), copy.error());
                                return;
                            }
                            addRecentFolder(QFileInfo(destinationFolder).absolutePath());
                            refresh();
                            selectAlbum(copy->uuid());
                            showInfo(tr("Copied %1 to %2.").arg(name, QDir::toNativeSeparators(copy->folder())));
                        };
                    });
}

void MainWindow::moveAlbumTo(const QUuid &album, const QString &destinationFolder)
{
    Registry *registry = &m_registry;
    const QString name = albumName(album);
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_runner->start(tr("Moving the album %1").arg(name), {album},
                    [this, registry, gate, album, destinationFolder, name](JobControl &control) -> ActionRunner::Continuation {
                        MoveOptions options;
                        options.cancel = control.cancelFlag();
                        options.progress = [&control](const MoveProgress &p) {
                            control.setProgress(p.bytes, p.bytesTotal,
                                                progressText(p.files, p.filesTotal, p.bytes, p.bytesTotal));
                            return !control.isCancelled();
                        };
                        const AlbumGate::WriteLock hold = gate->write(album);
                        Result<Album> moved = moveAlbum(*registry, album, destinationFolder, options);
                        return [this, moved, name, destinationFolder] {
                            if (!moved) {
                                if (moved.error().code() == ErrorCode::Cancelled)
                                    showInfo(tr("The move of %1 was cancelled; the album is where it was.").arg(name));
                                else
                                    showFailure(tr("The album \"%1\" could not be moved.").arg(name), moved.error());
                                return;
                            }
                            addRecentFolder(QFileInfo(destinationFolder).absolutePath());
                            refresh();
                            selectAlbum(moved->uuid());
                            showInfo(tr("Moved %1 to %2.").arg(name, QDir::toNativeSeparators(moved->folder())));
                        };
                    });
}

void MainWindow::renameAlbum(const QUuid &album, const QString &newName)
{
    Registry *registry = &m_registry;
    const QString oldName = albumName(album);
    const QString oldFolder = albumFolder(album);
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_runner->start(tr("Renaming the album %1").arg(oldName), {album},
                    [this, registry, gate, album, newName, oldName, oldFolder](JobControl &) -> ActionRunner::Continuation {
                        Result<Album> renamed = [&] {
                            const AlbumGate::WriteLock hold = gate->write(album);
                            return recordName(*registry, quire::renameAlbum(*registry, album, newName));
                        }();
                        return [this, registry, gate, renamed, album, newName, oldName, oldFolder] {
                            if (!renamed) {
                                showFailure(tr("The album \"%1\" could not be renamed.").arg(oldName), renamed.error());
                                return;
                            }
                            refresh();
                            selectAlbum(album);
                            showInfo(tr("Renamed %1 to %2.").arg(oldName, newName));
                            m_undo->push(new UndoableAction(tr("Rename %1").arg(oldName), [this, registry, gate, album, oldName, oldFolder] {
                                m_runner->start(tr("Undoing the rename of %1").arg(oldName), {album},
                                                [this, registry, gate, album, oldName, oldFolder](JobControl &) -> ActionRunner::Continuation {
                                                    const AlbumGate::WriteLock hold = gate->write(album);
                                                    // The folder had the name: renaming back restores both.
                                                    const bool sameFolder = QFileInfo(oldFolder).fileName() == oldName;
                                                    Result<Album> back = quire::renameAlbum(*registry, album, oldName, !sameFolder);
                                                    if (back && !sameFolder && back->folder() != oldFolder)
                                                        back = moveAlbum(*registry, album, oldFolder);
                                                    back = recordName(*registry, back);
                                                    return [this, back, album, oldName] {
                                                        if (!back) {
                                                            showFailure(tr("The rename could not be undone."), back.error());
                                                            return;
                                                        }
                                                        refresh();
                                                        selectAlbum(album);
                                                        showInfo(tr("The album is called %1 again.").arg(oldName));
                                                    };
                                                },
                    ActionRunner::Cancel::NotPossible);
                            }));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::deleteAlbum(const QUuid &album)
{
    Registry *registry = &m_registry;
    const QString name = albumName(album);
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_runner->start(tr("Moving the album %1 to the trash").arg(name), {album},
                    [this, registry, gate, album, name](JobControl &) -> ActionRunner::Continuation {
                        const AlbumGate::WriteLock hold = gate->write(album);
                        Result<void> deleted = quire::deleteAlbum(*registry, album, false);
                        return [this, deleted, name, album] {
                            if (!deleted) {
                                showFailure(tr("The album \"%1\" could not be moved to the trash.").arg(name), deleted.error());
                                return;
                            }
                            m_model->forgetPictureCount(album);
                            refresh();
                            showInfo(tr("Moved %1 to the trash. Restore it from there and add its folder "
                                        "again to bring it back.").arg(name));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::closeAlbum(const QUuid &album)
{
    if (album.isNull())
        return;
    Registry *registry = &m_registry;
    const QString name = albumName(album);
    std::shared_ptr<AlbumGate> gate = m_gate;
    // Browsing the album would open it again: stop showing it.
    m_keepClosed = album;
    if (m_grid->album() == album) {
        m_grid->clear();
        m_detail->clear();
    }
    m_thumbnails->dropQueued();
    m_runner->start(tr("Closing the album %1").arg(name), {album},
                    [this, registry, gate, album, name](JobControl &) -> ActionRunner::Continuation {
                        const AlbumGate::WriteLock hold = gate->write(album);
                        Result<void> closed = registry->close(album);
                        return [this, closed, name] {
                            if (!closed) {
                                showFailure(tr("The album \"%1\" could not be closed.").arg(name), closed.error());
                                return;
                            }
                            updateOpenStates();
                            updateHeader();
                            showInfo(tr("Closed %1: its files are all written and it can be copied or backed up "
                                        "as a folder.").arg(name));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::checkAlbum(const QUuid &album)
{
    if (album.isNull())
        return;
    Registry *registry = &m_registry;
    const QString name = albumName(album);
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_runner->start(tr("Checking the album %1").arg(name), {album},
                    [this, registry, gate, album, name](JobControl &) -> ActionRunner::Continuation {
                        Result<CheckReport> report = [&]() -> Result<CheckReport> {
                            AlbumGate::ReadLock lock;
                            Result<Album> opened = AlbumGate::open(*registry, gate.get(), album, lock);
                            if (!opened)
                                return opened.error();
                            return opened->check();
                        }();
                        return [this, report, name] {
                            if (!report) {
                                showFailure(tr("The album \"%1\" could not be checked.").arg(name), report.error());
                                return;
                            }
                            if (report->ok) {
                                showInfo(tr("%1 is in good order: no problems found.").arg(name));
                                return;
                            }
                            showError(tr("%1 has problems:\n\n%2\n\nCopy the album's folder somewhere safe before "
                                         "changing it; a copy made with Copy To... keeps what can still be read.")
                                          .arg(name, report->problems.join(QLatin1Char('\n'))));
                        };
                    },
                    ActionRunner::Cancel::NotPossible);
}

void MainWindow::makeDemoWorkspace()
{
    Registry *registry = &m_registry;
    m_runner->start(tr("Making the demo workspace"), {},
                    [this, registry](JobControl &control) -> ActionRunner::Continuation {
                        Result<DemoReport> report = quire::ui::makeDemoWorkspace(
                            *registry, demoFolder(*registry), [&control](int done, int total) {
                                control.setProgress(done, total, tr("%1 of %2 pictures").arg(done).arg(total));
                                return !control.isCancelled();
                            });
                        return [this, report] {
                            if (!report) {
                                if (report.error().code() != ErrorCode::Cancelled)
                                    showFailure(tr("The demo workspace could not be made."), report.error());
                                refresh();
                                return;
                            }
                            refresh();
                            // The albums were listed (and counted) while still empty.
                            afterPicturesChanged(report->albums);
                            if (!report->albums.isEmpty())
                                selectAlbum(report->albums.first());
                            showInfo(tr("Made %1 demo albums with %2 pictures.").arg(report->albums.size()).arg(report->pictures));
                        };
                    });
}

// Asking first.

void MainWindow::chooseFolderToAdd()
{
    const QString folder = m_prompts->folder(this, tr("Add Existing Album Folder"), QDir::homePath());
    if (!folder.isEmpty())
        addFolder(folder);
}

void MainWindow::chooseNewAlbum()
{
    const std::optional<QString> name = m_prompts->text(this, tr("New Album"), tr("Name of the new album:"), QString());
    if (!name || name->trimmed().isEmpty())
        return;
    const QString parent = m_prompts->folder(this, tr("Where to Make the Album \"%1\"").arg(name->trimmed()),
                                             recentFolders().value(0, QDir::homePath()));
    if (parent.isEmpty())
        return;
    addRecentFolder(parent);
    newAlbum(QDir(parent).filePath(name->trimmed()), name->trimmed());
}

void MainWindow::chooseFolderToScan()
{
    const QString folder = m_prompts->folder(this, tr("Scan a Folder for Albums"), recentFolders().value(0, QDir::homePath()));
    if (!folder.isEmpty())
        scanFolder(folder);
}

void MainWindow::chooseCopyDestination()
{
    const QUuid album = currentAlbum();
    if (album.isNull())
        return;
    const QString parent = m_prompts->folder(this, tr("Copy %1 Into").arg(albumName(album)),
                                             QFileInfo(albumFolder(album)).absolutePath());
    if (!parent.isEmpty())
        copyAlbumTo(album, freeFolder(parent, tr("%1 (copy)").arg(QFileInfo(albumFolder(album)).fileName())));
}

void MainWindow::chooseMoveDestination()
{
    const QUuid album = currentAlbum();
    if (album.isNull())
        return;
    const QString parent = m_prompts->folder(this, tr("Move %1 Into").arg(albumName(album)),
                                             recentFolders().value(0, QDir::homePath()));
    if (!parent.isEmpty())
        moveAlbumTo(album, QDir(parent).filePath(QFileInfo(albumFolder(album)).fileName()));
}

void MainWindow::chooseRename()
{
    const QUuid album = currentAlbum();
    if (album.isNull())
        return;
    const std::optional<QString> name =
        m_prompts->text(this, tr("Rename Album"), tr("New name (the folder is renamed too):"), albumName(album));
    if (name && !name->trimmed().isEmpty() && name->trimmed() != albumName(album))
        renameAlbum(album, name->trimmed());
}

void MainWindow::confirmDelete()
{
    const QUuid album = currentAlbum();
    if (album.isNull())
        return;
    if (m_prompts->confirm(this, tr("Delete Album"),
                           tr("Move the album %1 (the folder %2 with its pictures) to the trash?")
                               .arg(albumName(album), QDir::toNativeSeparators(albumFolder(album)))))
        deleteAlbum(album);
}

Background *MainWindow::editQueue()
{
    // One edit after the other, in the order given.
    if (!m_edits)
        m_edits = new Background(1, this);
    return m_edits;
}

void MainWindow::showSidecarSetting()
{
    const QUuid album = currentAlbum();
    m_sidecarWriteBack->setChecked(false);
    // Reading the setting opens the album: not one the person closed.
    if (album.isNull() || album == m_keepClosed)
        return;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    ++m_counting;
    editQueue()->run(
        this,
        [registry, gate, album]() -> bool {
            AlbumGate::ReadLock lock;
            Result<Album> opened = AlbumGate::open(*registry, gate.get(), album, lock);
            if (!opened)
                return false;
            const Result<bool> on = opened->writesSidecars();
            return on && *on;
        },
        [this, album](bool on) {
            --m_counting;
            if (album == currentAlbum())
                m_sidecarWriteBack->setChecked(on);
        });
}

void MainWindow::setSidecarWriteBack(const QUuid &album, bool on)
{
    if (album.isNull())
        return;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    const QString name = albumName(album);
    ++m_counting;
    editQueue()->run(
        this,
        [registry, gate, album, on]() -> Result<void> {
            AlbumGate::ReadLock lock;
            Result<Album> opened = AlbumGate::open(*registry, gate.get(), album, lock);
            if (!opened)
                return opened.error();
            return opened->setWritesSidecars(on);
        },
        [this, album, on, name](Result<void> set) {
            --m_counting;
            if (!set) {
                showFailure(tr("The sidecar setting of \"%1\" could not be changed.").arg(name), set.error());
                if (album == currentAlbum())
                    m_sidecarWriteBack->setChecked(!on);
                return;
            }
            if (album == currentAlbum())
                m_sidecarWriteBack->setChecked(on);
            showInfo(on ? tr("Edits in %1 are now written to each picture's XMP sidecar (NAME.EXT.xmp) too.").arg(name)
                        : tr("Edits in %1 are no longer written to XMP sidecars.").arg(name));
        });
}

} // namespace quire::ui
