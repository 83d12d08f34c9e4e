// MainWindow: importing photos into an album (core importPictures()), on
// the runner's worker with progress and Cancel.

#include "quire/ui/mainwindow.h"
#include "quire/album.h"

#include "quire/ui/actionrunner.h"
#include "quire/ui/albumgate.h"
#include "quire/ui/prompts.h"
#include "wording.h"

#include <quire/import.h>
#include <quire/album_registry.h>

#include <QDir>
#include <QLocale>

namespace quire::ui {

void MainWindow::importPictures(const QUuid &album, const QString &sourceFolder)
{
    if (album.isNull())
        return;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    const QString name = albumName(album);
    m_runner->start(tr("Importing photos into %1").arg(name), {album},
                    [this, registry, gate, album, sourceFolder, name](JobControl &control) -> ActionRunner::Continuation {
                        Result<ImportReport> report = [&]() -> Result<ImportReport> {
                            AlbumGate::ReadLock lock;
                            Result<Album> opened = AlbumGate::open(*registry, gate.get(), album, lock);
                            if (!opened)
                                return opened.error();
                            ImportOptions options;
                            options.sourceFolder = sourceFolder;
                            options.rescan = sourceFolder.isEmpty();
                            options.cancel = control.cancelFlag();
                            options.progress = [&control](const ImportProgress &p) {
                                const QString text =
                                    p.scanning ? tr("Looking for photos: %1 found").arg(p.filesTotal)
                                               : tr("%1 of %2 photos").arg(p.files).arg(p.filesTotal);
                                control.setProgress(p.scanning ? 0 : p.files, p.scanning ? 0 : p.filesTotal, text);
                                return !control.isCancelled();
                            };
                            return quire::importPictures(*opened, options);
                        }();
                        return [this, report, name, album, sourceFolder] {
                            afterPicturesChanged({album});
                            if (!report) {
                                showFailure(tr("The photos could not be imported into \"%1\".").arg(name), report.error());
                                return;
                            }
                            if (!sourceFolder.isEmpty())
                                addRecentFolder(sourceFolder);
                            QString text = report->cancelled
                                               ? tr("Import into %1 cancelled: %2 added so far (importing again carries on).")
                                                     .arg(name, counted(report->added, "picture", "pictures"))
                                               : tr("Imported %1 into %2").arg(counted(report->added, "new picture", "new pictures"), name);
                            if (report->updated)
                                text += tr(", %1 updated").arg(report->updated);
                            if (report->missing)
                                text += tr(", %1 missing").arg(report->missing);
                            text += QLatin1Char('.');
                            showInfo(text);
                            if (report->failed > 0) {
                                QStringList lines;
                                for (const ImportProblem &problem : report->problems) {
                                    if (problem.skipped && lines.size() < 20)
                                        lines.append(tr("%1: %2").arg(problem.path, problem.reason));
                                }
                                if (report->failed > lines.size())
                                    lines.append(tr("... and %1 more.").arg(report->failed - int(lines.size())));
                                showError(tr("%1 could not be imported into %2 and were skipped; the others "
                                             "were imported:\n\n%3")
                                              .arg(counted(report->failed, "file", "files"), name,
                                                   lines.join(QLatin1Char('\n'))));
                            }
                        };
                    });
}

void MainWindow::chooseImport()
{
    const QUuid album = currentAlbum();
    if (album.isNull())
        return;
    const QString folder = m_prompts->folder(this, tr("Import Photos into %1 From").arg(albumName(album)),
                                             recentFolders().value(0, QDir::homePath()));
    if (!folder.isEmpty())
        importPictures(album, folder);
}

} // namespace quire::ui
