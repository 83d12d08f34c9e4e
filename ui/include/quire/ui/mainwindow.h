#pragma once
// MainWindow: the desktop app's window. A sidebar lists the workspace's
// albums (the registry's catalog), a panel shows the selected one, and the
// status bar counts them.
//
// The window does not own the registry. Errors are shown in a message box
// and announced through errorShown(), so a caller (or a test) sees them
// without a modal dialog in the way.

#include <QMainWindow>

class QAction;
class QLabel;
class QListView;

namespace quire {
class Registry;
}

namespace quire::ui {

class AlbumListModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Registry &registry, QWidget *parent = nullptr);
    ~MainWindow() override;

    AlbumListModel *albumModel() const { return m_model; }
    QListView *albumView() const { return m_view; }

public Q_SLOTS:
    // Reads the catalog again; keeps the selected album selected.
    void refresh();
    // Opens the album in folder, records it in the workspace and selects it.
    // Returns false (and shows why) when the folder is not a usable album.
    bool addFolder(const QString &folder);
    // Asks for a folder with a dialog, then addFolder().
    void chooseFolderToAdd();

Q_SIGNALS:
    // Emitted with the text of every error the window shows.
    void errorShown(const QString &message);

private:
    void showError(const QString &message);
    void selectAlbum(const QUuid &uuid);
    void updateDetails();
    void updateStatus();

    Registry &m_registry;
    AlbumListModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_count = nullptr;
};

} // namespace quire::ui
