// quire: the desktop app. Opens the workspace (the registry's catalog of
// albums) and shows its albums in a main window.

#include <quire/folders_move.h>
#include <quire/registry.h>
#include <quire/ui/mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPixmap>
#include <QScreen>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("quire"));
    QApplication::setApplicationDisplayName(QStringLiteral("Quire"));
    QApplication::setApplicationVersion(QStringLiteral(QUIRE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Browse the photo albums of a Quire workspace."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace folder (default: %1).")
            .arg(QDir::toNativeSeparators(quire::Registry::defaultWorkspace())),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window to FILE once it is shown, then quit."),
        QStringLiteral("FILE"));
    parser.addOption(workspace);
    parser.addOption(screenshot);
    parser.process(app);

    const QString workspaceFolder = parser.isSet(workspace) ? parser.value(workspace)
                                                            : quire::Registry::defaultWorkspace();
    quire::Registry registry(workspaceFolder);
    // Finish or undo the folder moves and copies a crash interrupted before
    // anything is shown (transfers of pictures recover as albums open).
    (void)quire::recoverFolderOperations(registry, {});
    quire::ui::MainWindow window(registry);
    window.show();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Give the window a moment to be mapped and painted first.
        QTimer::singleShot(500, &window, [&window, file] {
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
    }
    return app.exec();
}
