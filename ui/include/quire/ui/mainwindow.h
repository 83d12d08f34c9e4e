#pragma once
// MainWindow: the desktop app's window. A sidebar lists the workspace's
// albums (the registry's catalog) with their picture counts and states; the
// middle shows the selected album's pictures as a thumbnail grid (or the
// results of a search across albums); the detail pane on the right shows
// the current picture with its tags and rating. Double-click or Enter on a
// picture shows it in the viewer, in place of the grid (F11: full screen).
//
// Every action that touches an album runs on a worker (ActionRunner), with
// progress and Cancel for the long ones; the window stays responsive.
// Actions are public slots taking their arguments (what tests call); the
// choose...() slots ask a person first, through Prompts.
//
// The window does not own the registry. Errors are shown in a message box
// and announced through errorShown(), outcomes in the status bar and
// through infoShown(), so a caller (or a test) sees them without a modal
// dialog in the way.

#include "quire/ui/picturemime.h"
#include "quire/album_folders.h"

#include <quire/picture.h>
#include <quire/registry_types.h>

#include <QMainWindow>
#include <QSet>
#include <QUuid>

#include <memory>

class QAction;
class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QUndoStack;

namespace quire {
class Error;
class Registry;
struct Picture;
struct TransferReport;
}

namespace quire::ui {

class ActionRunner;
class AlbumGate;
class AlbumListModel;
class Background;
class DetailPane;
class FilterBar;
class IndexKeeper;
class PictureGridModel;
class PictureGridView;
class PictureViewer;
class Prompts;
class SearchPanel;
class ThumbnailLoader;

// What a key sets on a picture, or (for undo) what it was before; a field
// left empty is left as the picture has it.
struct PictureMark {
    QUuid album;
    qint64 picture = 0;
    std::optional<int> rating;
    std::optional<ColourLabel> colourLabel;
    std::optional<PickState> pick;
    std::optional<QString> title; // dc:title; empty: none
};

// A tag added to or removed from pictures of one album, or (for undo and
// redo) the pictures it was added to or removed from.
struct TagEdit {
    QUuid album;
    QString path; // "Places/Beach"
    bool add = true;
    QList<qint64> pictures;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Registry &registry, QWidget *parent = nullptr);
    ~MainWindow() override;

    AlbumListModel *albumModel() const { return m_model; }
    QListView *albumView() const { return m_view; }
    PictureGridModel *pictureModel() const { return m_grid; }
    PictureGridView *pictureView() const { return m_gridView; }
    DetailPane *detailPane() const { return m_detail; }
    SearchPanel *searchPanel() const { return m_search; }
    FilterBar *filterBar() const { return m_filterBar; }
    PictureViewer *viewer() const { return m_viewer; }
    IndexKeeper *indexKeeper() const { return m_indexKeeper; } // null until keepWorkspaceIndex()
    ActionRunner *runner() const { return m_runner; }
    QUndoStack *undoStack() const { return m_undo; }
    ThumbnailLoader *thumbnails() const { return m_thumbnails; }
    // The questions the window asks go through prompts (tests answer them).
    void setPrompts(std::unique_ptr<Prompts> prompts);
    // The album selected in the sidebar; null when none.
    QUuid currentAlbum() const;
    // True while no action, count or search is running.
    bool isIdle() const;
    QStringList recentFolders() const;
    // The most recent folders kept.
    static constexpr int MaxRecentFolders = 8;

public Q_SLOTS:
    // Reads the catalog again; keeps the selected album selected.
    void refresh();
    void selectAlbum(const QUuid &uuid);
    // Opens the album in folder on a worker, records it in the workspace
    // and selects it; errorShown() says why when it is not a usable album.
    void addFolder(const QString &folder);
    void newAlbum(const QString &folder, const QString &name);
    void scanFolder(const QString &folder);
    // Imports the images of sourceFolder into the album (copied in); an
    // empty sourceFolder imports (rescans) the album's own folder.
    void importPictures(const QUuid &album, const QString &sourceFolder);
    void copyAlbumTo(const QUuid &album, const QString &destinationFolder);
    void moveAlbumTo(const QUuid &album, const QString &destinationFolder);
    void renameAlbum(const QUuid &album, const QString &newName);
    void deleteAlbum(const QUuid &album);
    void closeAlbum(const QUuid &album);
    void checkAlbum(const QUuid &album);
    // Album > Write Edits to Sidecars: from now on the album's edits (tags,
    // rating, pick, label, title, description) are written to each
    // picture's XMP sidecar too, for digiKam, darktable and Lightroom. The
    // setting is the album's own (quirectl sidecars shows the same).
    void setSidecarWriteBack(const QUuid &album, bool on);
    // Moves (MoveAction) or copies (CopyAction) pictures into the album target.
    void transferPictures(const QUuid &target, const QList<quire::ui::PictureRef> &pictures,
                          Qt::DropAction action);
    // Makes the demo albums in the workspace and selects the first.
    void makeDemoWorkspace();
    // Shows the search results page with text searched across the albums.
    void search(const QString &text);
    // Builds the workspace index now and keeps it current from now on, off
    // the GUI thread with its progress in the status bar, so that searches
    // (as a person types) are answered from it. The app calls this at start.
    void keepWorkspaceIndex();
    void showAlbumPage();
    // Shows row of the page's grid (the album's, or the search results) in
    // the viewer, stepping through that grid's pictures.
    void viewPicture(int row);
    // Back from the viewer to its grid, at the picture it showed last.
    void closeViewer();
    // Space: a slideshow of the page's grid from its current picture; in
    // the viewer, starts or stops it.
    void slideshow();
    // Keys 0 to 5: rates the selected pictures (the viewer's picture while
    // viewing), as one step on the undo stack.
    void rateSelection(int rating);
    // Keys 6 to 9: the red, yellow, green or blue label; on pictures that
    // all carry it, the key takes it off.
    void labelSelection(ColourLabel label);
    // P, X and U: picked, rejected, neither.
    void pickSelection(PickState pick);
    // The detail pane's title field: every selected picture gets the title.
    void titleSelection(const QString &title);
    // The detail pane's Add and Remove: the tag on (or off) every selected
    // picture, as one step on the undo stack.
    void tagSelection(const QString &path, bool add);
    // The window over the whole screen; while viewing, only the picture.
    void setFullScreen(bool on);

    // The same actions, asking a person for what they need first.
    void chooseFolderToAdd();
    void chooseNewAlbum();
    void chooseFolderToScan();
    void chooseImport();
    void chooseCopyDestination();
    void chooseMoveDestination();
    void chooseRename();
    void confirmDelete();
    void focusSearch();
    void showAboutBox();

Q_SIGNALS:
    // Emitted with the text of every error the window shows.
    void errorShown(const QString &message);
    // Emitted with every outcome the window reports in its status bar.
    void infoShown(const QString &message);
    // A refresh() read the catalog.
    void albumsRefreshed();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildViewer();
    QStringList viewerFiles(const PictureGridModel &model) const;
    // What the marking keys apply to: the viewer's picture while viewing,
    // else the page grid's selection (or its current picture).
    QList<QPair<QUuid, Picture>> selectedPictures() const;
    // Saves the marks off the GUI thread; pushes an undo step named
    // undoText (none when empty: undo itself).
    void setMarks(const QList<PictureMark> &marks, const QString &undoText);
    void setTags(const QList<TagEdit> &edits, const QString &undoText);
    void showError(const QString &message);
    void showFailure(const QString &what, const Error &error);
    void showInfo(const QString &message);
    void scheduleRefresh();
    void updateHeader();
    void updateStatus();
    void updateActions();
    // Reads the selected album's write-back setting into its menu entry.
    void showSidecarSetting();
    Background *editQueue();
    void updateOpenStates();
    void countPictures(const QList<QUuid> &albums, bool force);
    void albumSelected();
    void pictureSelected(const QModelIndex &index);
    void pictureChanged(const QUuid &album, const Picture &picture);
    void afterPicturesChanged(const QList<QUuid> &albums);
    void undoTransfers(const QList<TransferReport> &reports, bool move, const QList<QUuid> &involved,
                       const QString &text);
    void addRecentFolder(const QString &folder);
    void rebuildRecentMenu();
    void restoreSettings();
    void saveSettings();
    QString albumName(const QUuid &uuid) const;
    QString albumFolder(const QUuid &uuid) const;

    Registry &m_registry;
    std::shared_ptr<AlbumGate> m_gate;
    std::unique_ptr<Prompts> m_prompts;
    AlbumListModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_details = nullptr;
    QPushButton *m_demoButton = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_indexStatus = nullptr;   // the index's progress while it is built
    IndexKeeper *m_indexKeeper = nullptr;
    QStackedWidget *m_pages = nullptr;
    QSplitter *m_splitter = nullptr;
    ThumbnailLoader *m_thumbnails = nullptr;
    PictureGridModel *m_grid = nullptr;
    PictureGridView *m_gridView = nullptr;
    DetailPane *m_detail = nullptr;
    SearchPanel *m_search = nullptr;
    PictureViewer *m_viewer = nullptr;
    PictureGridModel *m_viewed = nullptr; // the grid the viewer steps through
    QWidget *m_viewedFrom = nullptr;      // the page it was opened from
    QAction *m_fullScreen = nullptr;
    ActionRunner *m_runner = nullptr;
    Background *m_counter = nullptr;
    Background *m_edits = nullptr; // one at a time, in order; made on first use
    FilterBar *m_filterBar = nullptr;
    QUndoStack *m_undo = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_sidecarWriteBack = nullptr;
    QList<QAction *> m_albumActions;
    QSet<QUuid> m_countsTried;
    QUuid m_keepClosed; // closed by the person: not reopened by showing it
    int m_counting = 0;
    bool m_refreshScheduled = false;
    bool m_settingsRestored = false;
};

} // namespace quire::ui
