// quire: the desktop app. Opens the workspace (the registry's catalog of
// albums) and shows its albums in a main window.

#include <quire/album_folders.h>
#include <quire/album_registry.h>
#include <quire/process_tuning.h>
#include <quire/ui/demoworkspace.h>
#include <quire/ui/mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QPixmap>
#include <QScreen>
#include <QTimer>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    // Before anything uses SQLite: more descriptors (as servers do), SQLite's
    // memory counting off and a heap that keeps what queries free
    // (process_tuning.h says why each).
    quire::tuneProcess();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("quire"));
    QApplication::setApplicationName(QStringLiteral("quire"));
    QApplication::setApplicationDisplayName(QStringLiteral("Quire"));
    QApplication::setApplicationVersion(QStringLiteral(QUIRE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("quire"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("quire"), QIcon(QStringLiteral(":/icons/quire.svg"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse, tag, search and rearrange the photo albums of a Quire workspace."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace folder (default: %1).")
            .arg(QDir::toNativeSeparators(quire::Registry::defaultWorkspace())),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to FILE once it is shown (and any work started is done), then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Make a demo workspace: a few generated albums with pictures, tags and dates."));
    parser.addOption(workspace);
    parser.addOption(screenshot);
    parser.addOption(demo);
    parser.process(app);

    const QString workspaceFolder = parser.isSet(workspace) ? parser.value(workspace)
                                                            : quire::Registry::defaultWorkspace();
    quire::AlbumRegistry registry(workspaceFolder);
    // Finish or undo the folder moves and copies a crash interrupted before
    // anything is shown (transfers of pictures recover as albums open).
    (void)quire::recoverFolderOperations(registry, {});
    quire::ui::MainWindow window(registry);
    window.show();
    if (parser.isSet(demo))
        window.makeDemoWorkspace();
    // Searches as a person types are answered from the workspace index,
    // built (or brought up to date) now, off the GUI thread.
    window.keepWorkspaceIndex();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Wait for the window to be painted and for the work started (the
        // demo, counts, thumbnails) to settle, then save it.
        auto *poll = new QTimer(&window);
        auto settled = std::make_shared<int>(0);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, file, poll, settled] {
            *settled = window.isIdle() ? *settled + 1 : 0;
            if (*settled < 5)
                return;
            poll->stop();
            // The screen where the window is, so that a message box over
            // it shows too; the window alone where the platform cannot.
            QPixmap shot;
            if (QScreen *screen = window.screen()) {
                const QRect frame = window.frameGeometry();
                shot = screen->grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height());
            }
            if (shot.isNull())
                shot = window.grab();
            const bool saved = shot.save(file);
            if (!saved)
                std::fprintf(stderr, "quire: cannot save the screenshot to %s\n", qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
        });
        poll->start(100);
    }
    return app.exec();
}
