// MainWindow: the layout, the album list and its selection, settings.
// Album actions are in mainwindow_actions.cpp, pictures (drag and drop,
// undo) in mainwindow_pictures.cpp.

#include "quire/ui/mainwindow.h"
#include "quire/album.h"
#include "quire/pictures.h"

#include "albumdelegate.h"
#include "quire/ui/aboutbox.h"
#include "quire/ui/actionrunner.h"
#include "quire/ui/albumgate.h"
#include "quire/ui/albumlistmodel.h"
#include "quire/ui/background.h"
#include "quire/ui/detailpane.h"
#include "quire/ui/filterbar.h"
#include "quire/ui/pictureviewer.h"
#include "quire/ui/picturegridmodel.h"
#include "quire/ui/picturegridview.h"
#include "quire/ui/prompts.h"
#include "quire/ui/indexkeeper.h"
#include "quire/ui/searchpanel.h"
#include "quire/ui/thumbnailloader.h"
#include "wording.h"

#include <quire/album_registry.h>
#include <quire/session.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUuid>
#include <QVBoxLayout>

namespace quire::ui {

MainWindow::MainWindow(Registry &registry, QWidget *parent)
    : QMainWindow(parent), m_registry(registry), m_gate(std::make_shared<AlbumGate>()),
      m_prompts(std::make_unique<Prompts>()),
      m_model(new AlbumListModel(this))
{
    setWindowTitle(tr("Quire - %1").arg(QDir::toNativeSeparators(m_registry.workspaceFolder())));
    setObjectName(QStringLiteral("mainWindow"));

    m_runner = new ActionRunner(this, this);
    m_counter = new Background(1, this);
    m_undo = new QUndoStack(this);
    m_thumbnails = new ThumbnailLoader(m_registry, this);
    m_thumbnails->setGate(m_gate);

    // The sidebar: the albums, and drops of pictures onto them.
    m_view = new QListView;
    m_view->setObjectName(QStringLiteral("albumView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new AlbumDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformItemSizes(true);
    m_view->setIconSize(QSize(24, 24));
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::DropOnly);

    auto *sidebar = new QWidget;
    auto *sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(0, 0, 0, 0);
    sidebarLayout->setSpacing(4);
    auto *heading = new QLabel(tr("<b>Albums</b>"));
    heading->setContentsMargins(6, 6, 6, 0);
    sidebarLayout->addWidget(heading);
    sidebarLayout->addWidget(m_view);

    // The middle: the album's header and grid, or the search results.
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("albumDetails"));
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(6);
    m_demoButton = new QPushButton(tr("Make a Demo Workspace"));
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    connect(m_demoButton, &QPushButton::clicked, this, &MainWindow::makeDemoWorkspace);

    m_grid = new PictureGridModel(m_registry, m_thumbnails, this);
    m_gridView = new PictureGridView(m_thumbnails);
    m_gridView->setObjectName(QStringLiteral("pictureGrid"));
    m_grid->setGate(m_gate);
    m_gridView->setModel(m_grid);

    auto *albumPage = new QWidget;
    auto *albumLayout = new QVBoxLayout(albumPage);
    albumLayout->setContentsMargins(0, 0, 0, 0);
    albumLayout->addWidget(m_details);
    auto *demoRow = new QHBoxLayout;
    demoRow->addWidget(m_demoButton);
    demoRow->addStretch(1);
    albumLayout->addLayout(demoRow);
    albumLayout->addWidget(m_gridView, 1);

    m_search = new SearchPanel(m_registry, m_thumbnails);
    m_search->setObjectName(QStringLiteral("searchPanel"));
    connect(m_search, &SearchPanel::started, this, [this] { m_pages->setCurrentWidget(m_search); });
    connect(m_search, &SearchPanel::backRequested, this, &MainWindow::showAlbumPage);

    m_pages = new QStackedWidget;
    m_pages->addWidget(albumPage);
    m_pages->addWidget(m_search);
    buildViewer();

    m_detail = new DetailPane(m_registry);
    m_detail->setObjectName(QStringLiteral("detailPane"));
    m_detail->setGate(m_gate);
    connect(m_detail, &DetailPane::pictureChanged, this, &MainWindow::pictureChanged);
    connect(m_detail, &DetailPane::errorOccurred, this, &MainWindow::showError);
    // Tags typed or removed in the pane apply to the whole selection.
    m_detail->routeTagEdits(true);
    connect(m_detail, &DetailPane::tagEditRequested, this, &MainWindow::tagSelection);
    connect(m_detail, &DetailPane::titleEditRequested, this, &MainWindow::titleSelection);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(sidebar);
    // The filter bar narrows the album grid and the search results alike;
    // the viewer has the room to itself.
    m_filterBar = new FilterBar;
    m_filterBar->setObjectName(QStringLiteral("filterBar"));
    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const PictureFilter &filter) {
        m_grid->setFilter(filter);
        m_search->setNarrowing(filter);
        if (m_pages->currentWidget() == m_search && !m_search->field()->text().trimmed().isEmpty())
            m_search->run(m_search->field()->text());
    });
    connect(m_pages, &QStackedWidget::currentChanged, this,
            [this] { m_filterBar->setVisible(m_pages->currentWidget() != m_viewer); });
    auto *middle = new QWidget;
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->setSpacing(0);
    middleLayout->addWidget(m_filterBar);
    middleLayout->addWidget(m_pages, 1);
    m_splitter->addWidget(middle);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({230, 640, 320});
    setCentralWidget(m_splitter);

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("albumCount"));
    statusBar()->addPermanentWidget(m_count);

    buildActions();

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::albumSelected);
    // A click on the album already selected shows it again (after Close).
    connect(m_view, &QListView::clicked, this, [this] {
        m_keepClosed = {};
        if (currentAlbum() != m_grid->album())
            albumSelected();
    });
    connect(m_gridView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) { pictureSelected(index); });
    connect(m_search->resultsView()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) { pictureSelected(index); });
    for (QItemSelectionModel *selection : {m_gridView->selectionModel(), m_search->resultsView()->selectionModel()}) {
        connect(selection, &QItemSelectionModel::selectionChanged, this,
                [this] { m_detail->setSelectionSize(int(selectedPictures().size())); });
    }
    connect(m_grid, &PictureGridModel::loadFailed, this, &MainWindow::showError);
    connect(m_model, &AlbumListModel::picturesDropped, this, &MainWindow::transferPictures);
    connect(m_runner, &ActionRunner::albumBusyChanged, m_model, &AlbumListModel::setBusy);
    connect(m_runner, &ActionRunner::albumBusyChanged, this, &MainWindow::updateActions);
    connect(m_runner, &ActionRunner::finished, this, &MainWindow::updateOpenStates);

    // The registry may change from other threads; read the catalog again on
    // this one.
    connect(&m_registry, &Registry::tenantAdded, this, &MainWindow::scheduleRefresh, Qt::QueuedConnection);
    connect(&m_registry, &Registry::tenantRemoved, this, &MainWindow::scheduleRefresh, Qt::QueuedConnection);
    connect(&m_registry, &Registry::tenantMoved, this, &MainWindow::scheduleRefresh, Qt::QueuedConnection);
    connect(&m_registry, &Registry::tenantStateChanged, this, &MainWindow::scheduleRefresh, Qt::QueuedConnection);
    connect(&m_registry, &Registry::tenantChanged, this, &MainWindow::scheduleRefresh, Qt::QueuedConnection);

    resize(1200, 760);
    restoreSettings();
    refresh();
}

MainWindow::~MainWindow()
{
    saveSettings();
    // Nothing may run on the registry once the window is gone.
    m_runner->cancelAll();
    m_runner->waitForDone();
    m_counter->waitForDone();
}

void MainWindow::setPrompts(std::unique_ptr<Prompts> prompts)
{
    m_prompts = prompts ? std::move(prompts) : std::make_unique<Prompts>();
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAlbum = file->addAction(tr("&New Album..."), this, &MainWindow::chooseNewAlbum);
    newAlbum->setObjectName(QStringLiteral("newAlbumAction"));
    newAlbum->setShortcut(QKeySequence::New);
    QAction *add = file->addAction(tr("&Add Existing Folder..."), this, &MainWindow::chooseFolderToAdd);
    add->setObjectName(QStringLiteral("addFolderAction"));
    add->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    QAction *scan = file->addAction(tr("&Scan a Folder for Albums..."), this, &MainWindow::chooseFolderToScan);
    scan->setObjectName(QStringLiteral("scanAction"));
    QAction *demo = file->addAction(tr("Make a &Demo Workspace"), this, &MainWindow::makeDemoWorkspace);
    demo->setObjectName(QStringLiteral("demoAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    edit->addAction(undo);
    QAction *redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    // Ctrl+Shift+Z on every desktop, as photo apps have it (not every
    // platform theme binds it to Redo: the offscreen one does not), and
    // the theme's own keys too.
    QList<QKeySequence> redoKeys{QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)};
    for (const QKeySequence &keys : QKeySequence::keyBindings(QKeySequence::Redo)) {
        if (!redoKeys.contains(keys))
            redoKeys.append(keys);
    }
    redo->setShortcuts(redoKeys);
    edit->addAction(redo);
    QMenu *rate = edit->addMenu(tr("&Rating"));
    for (int stars = 0; stars <= 5; ++stars) {
        QAction *action = rate->addAction(stars == 0 ? tr("No Rating") : counted(stars, "Star", "Stars"),
                                          this, [this, stars] { rateSelection(stars); });
        action->setObjectName(QStringLiteral("rate%1Action").arg(stars));
        action->setShortcut(QKeySequence(Qt::Key_0 + stars)); // as digiKam and Lightroom
        addAction(action); // in the viewer too, with the menu bar hidden
    }
    QMenu *label = edit->addMenu(tr("&Colour Label"));
    const ColourLabel keyed[] = {ColourLabel::Red, ColourLabel::Yellow, ColourLabel::Green, ColourLabel::Blue};
    for (int i = 0; i < 4; ++i) {
        const ColourLabel colour = keyed[i];
        QAction *action = label->addAction(colourLabelName(colour), this, [this, colour] { labelSelection(colour); });
        action->setObjectName(QStringLiteral("label%1Action").arg(colourLabelName(colour)));
        action->setShortcut(QKeySequence(Qt::Key_6 + i)); // Lightroom's 6 to 9; purple has no key
        addAction(action);
    }
    QAction *purple = label->addAction(colourLabelName(ColourLabel::Purple), this,
                                       [this] { labelSelection(ColourLabel::Purple); });
    purple->setObjectName(QStringLiteral("labelpurpleAction"));
    QMenu *pick = edit->addMenu(tr("&Pick"));
    const struct {
        PickState state;
        const char *text;
        const char *name;
        Qt::Key key;
    } picks[] = {{PickState::Picked, QT_TR_NOOP("&Picked"), "pickAction", Qt::Key_P},
                 {PickState::Rejected, QT_TR_NOOP("&Rejected"), "rejectAction", Qt::Key_X},
                 {PickState::None, QT_TR_NOOP("&Unflagged"), "unflagAction", Qt::Key_U}};
    for (const auto &entry : picks) {
        const PickState state = entry.state;
        QAction *action = pick->addAction(tr(entry.text), this, [this, state] { pickSelection(state); });
        action->setObjectName(QLatin1String(entry.name));
        action->setShortcut(QKeySequence(entry.key)); // as Lightroom and digiKam's flags
        addAction(action);
    }
    QAction *find = edit->addAction(tr("&Find in All Albums"), this, &MainWindow::focusSearch);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence::Find);

    QMenu *album = menuBar()->addMenu(tr("&Album"));
    auto albumAction = [this, album](const QString &text, const char *name, auto slot, const QKeySequence &keys = {}) {
        QAction *action = album->addAction(text, this, slot);
        action->setObjectName(QLatin1String(name));
        if (!keys.isEmpty())
            action->setShortcut(keys);
        m_albumActions.append(action);
        return action;
    };
    albumAction(tr("&Import Photos..."), "importAction", &MainWindow::chooseImport, QKeySequence(Qt::CTRL | Qt::Key_I));
    // Files added, changed or removed in the album's folder by other programs.
    albumAction(tr("Re&scan the Album's Folder"), "rescanAction", [this] { importPictures(currentAlbum(), QString()); },
                QKeySequence::Refresh);
    album->addSeparator();
    albumAction(tr("&Copy To..."), "copyAction", &MainWindow::chooseCopyDestination);
    albumAction(tr("&Move To..."), "moveAction", &MainWindow::chooseMoveDestination);
    albumAction(tr("&Rename..."), "renameAction", &MainWindow::chooseRename, QKeySequence(Qt::Key_F2));
    albumAction(tr("&Delete to Trash..."), "deleteAction", &MainWindow::confirmDelete, QKeySequence::Delete);
    album->addSeparator();
    albumAction(tr("C&lose"), "closeAction", [this] { closeAlbum(currentAlbum()); });
    albumAction(tr("C&heck"), "checkAction", [this] { checkAlbum(currentAlbum()); });
    album->addSeparator();
    // A setting of the album (a row in its database), shown for the one selected.
    m_sidecarWriteBack = albumAction(tr("&Write Edits to XMP Sidecars"), "sidecarWriteBackAction", [this](bool on) {
        setSidecarWriteBack(currentAlbum(), on);
    });
    m_sidecarWriteBack->setCheckable(true);
    m_sidecarWriteBack->setToolTip(tr("Also write tags, rating, pick, colour label, title and description to each "
                                      "picture's NAME.EXT.xmp, for digiKam, darktable and Lightroom"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_fullScreen = view->addAction(tr("&Full Screen"), this, &MainWindow::setFullScreen);
    m_fullScreen->setObjectName(QStringLiteral("fullScreenAction"));
    m_fullScreen->setCheckable(true);
    m_fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    addAction(m_fullScreen); // F11 works while the menu bar is hidden, too
    // Space: text fields take it first (they override shortcuts that type).
    QAction *slides = view->addAction(tr("&Slideshow"), this, &MainWindow::slideshow);
    slides->setObjectName(QStringLiteral("slideshowAction"));
    slides->setShortcut(QKeySequence(Qt::Key_Space));
    addAction(slides);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Quire"), this, &MainWindow::showAboutBox);
    about->setObjectName(QStringLiteral("aboutAction"));

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setMovable(false);
    tools->addAction(newAlbum);
    tools->addAction(add);
    tools->addAction(m_albumActions.first()); // import
    tools->addSeparator();
    tools->addWidget(m_search->field());
    rebuildRecentMenu();
}

QUuid MainWindow::currentAlbum() const
{
    return m_view->currentIndex().data(AlbumListModel::UuidRole).toUuid();
}

bool MainWindow::isIdle() const
{
    return !m_runner->isBusy() && m_counting == 0 && !m_search->isRunning() && !m_grid->isFetching()
           && !m_detail->isBusy() && !m_refreshScheduled && !(m_indexKeeper && m_indexKeeper->isBusy());
}

QString MainWindow::albumName(const QUuid &uuid) const
{
    const int row = m_model->rowOf(uuid);
    return row < 0 ? uuid.toString(QUuid::WithoutBraces) : AlbumListModel::displayName(m_model->entries().at(row));
}

QString MainWindow::albumFolder(const QUuid &uuid) const
{
    const int row = m_model->rowOf(uuid);
    return row < 0 ? QString() : m_model->entries().at(row).folder;
}

void MainWindow::scheduleRefresh()
{
    // Registry signals come in bursts (a scan adds many albums): one read.
    if (m_refreshScheduled)
        return;
    m_refreshScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshScheduled = false;
        refresh();
    });
}

void MainWindow::refresh()
{
    const QUuid selected = currentAlbum();
    Result<QList<CatalogEntry>> catalog = m_registry.catalog();
    if (!catalog) {
        // Say so in the window too, not only in the passing message box.
        m_count->setText(tr("The workspace cannot be read"));
        m_details->setText(tr("<p><b>The workspace cannot be read.</b></p><p>%1</p>")
                               .arg(catalog.error().toString().toHtmlEscaped()));
        m_demoButton->hide();
        showError(catalog.error().toString());
        return;
    }
    {
        // Resetting the model must not look like a new album chosen.
        const QSignalBlocker blocker(m_view->selectionModel());
        m_model->setEntries(std::move(*catalog));
    }
    updateOpenStates();
    selectAlbum(selected);
    updateStatus();
    QList<QUuid> uncounted;
    for (const CatalogEntry &entry : m_model->entries()) {
        if ((entry.state == AlbumState::Available || entry.state == AlbumState::ReadOnly)
            && !m_countsTried.contains(entry.uuid))
            uncounted.append(entry.uuid);
    }
    countPictures(uncounted, false);
    Q_EMIT albumsRefreshed();
}

void MainWindow::updateOpenStates()
{
    QSet<QUuid> open;
    for (const Tenant &album : m_registry.openTenants())
        open.insert(album.uuid());
    m_model->setOpen(open);
}

void MainWindow::countPictures(const QList<QUuid> &albums, bool force)
{
    QList<QUuid> todo;
    for (const QUuid &uuid : albums) {
        if (force || !m_countsTried.contains(uuid))
            todo.append(uuid);
        m_countsTried.insert(uuid);
    }
    if (todo.isEmpty())
        return;
    ++m_counting;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_counter->run(
        this,
        [registry, todo, gate] {
            QHash<QUuid, int> counts;
            for (const QUuid &uuid : todo) {
                AlbumGate::ReadLock lock;
                Result<Album> album = AlbumGate::open(*registry, gate.get(), uuid, lock);
                if (!album)
                    continue;
                Result<Session> session = album->session(Access::Read, QStringLiteral("picture count"));
                if (!session)
                    continue;
                if (Result<qint64> count = quire::Pictures(*session).count())
                    counts.insert(uuid, int(*count));
            }
            return counts;
        },
        [this](QHash<QUuid, int> counts) {
            --m_counting;
            for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                m_model->setPictureCount(it.key(), it.value());
            updateOpenStates();
        });
}

void MainWindow::selectAlbum(const QUuid &uuid)
{
    int row = uuid.isNull() ? -1 : m_model->rowOf(uuid);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row >= 0 && m_view->currentIndex().row() != row)
        m_view->setCurrentIndex(m_model->index(row)); // albumSelected() follows
    else
        albumSelected();
}

void MainWindow::albumSelected()
{
    updateHeader();
    updateActions();
    showSidecarSetting();
    const QModelIndex current = m_view->currentIndex();
    const QUuid uuid = current.data(AlbumListModel::UuidRole).toUuid();
    if (uuid != m_keepClosed)
        m_keepClosed = {};
    bool browsable = false;
    if (current.isValid() && uuid != m_keepClosed) {
        const CatalogEntry &entry = m_model->entries().at(current.row());
        browsable = entry.state == AlbumState::Available || entry.state == AlbumState::ReadOnly;
        if (browsable && uuid == m_grid->album() && m_grid->albumFolder() == entry.folder
            && m_grid->albumName() == AlbumListModel::displayName(entry))
            return; // showing it already
        if (browsable) {
            m_grid->showAlbum(uuid, AlbumListModel::displayName(entry), entry.folder);
            m_detail->clear();
        }
    }
    if (!browsable) {
        m_grid->clear();
        m_detail->clear();
    }
    if (m_pages->currentWidget() != m_search || !current.isValid())
        showAlbumPage();
}

void MainWindow::showAlbumPage()
{
    m_pages->setCurrentIndex(0);
}

void MainWindow::updateHeader()
{
    m_demoButton->setVisible(m_model->rowCount() == 0);
    if (m_model->rowCount() == 0) {
        m_details->setText(tr("<p>No albums in this workspace yet.</p>"
                              "<p>Use <b>File &rsaquo; Add Existing Folder...</b> to add an album folder, "
                              "<b>File &rsaquo; New Album...</b> to start one, or make a demo workspace "
                              "to try Quire with a few generated albums.</p>"));
        return;
    }
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->setText(tr("<p>Select an album.</p>"));
        return;
    }
    const CatalogEntry &entry = m_model->entries().at(current.row());
    QString text = tr("<b style=\"font-size:large\">%1</b>&nbsp;&nbsp;%2 &middot; %3")
                       .arg(AlbumListModel::displayName(entry).toHtmlEscaped(),
                            QDir::toNativeSeparators(entry.folder).toHtmlEscaped(),
                            Registry::stateName(entry.state));
    switch (entry.state) {
    case AlbumState::Available:
        if (m_grid->album() != entry.uuid && !m_model->index(current.row()).data(AlbumListModel::OpenRole).toBool())
            text += tr("<br>The album is closed. Click it to open it again.");
        break;
    case AlbumState::ReadOnly:
        text += tr("<br>This album can be browsed but not changed (%1).").arg(entry.problem.toHtmlEscaped());
        break;
    case AlbumState::Missing:
        text += tr("<br>The album's folder is gone (last seen %1). If you moved it, use "
                   "<b>File &rsaquo; Scan a Folder for Albums...</b> on where it is now.")
                    .arg(QLocale().toString(entry.lastSeen.toLocalTime(), QLocale::ShortFormat));
        break;
    case AlbumState::Damaged:
    case AlbumState::Locked:
        text += QStringLiteral("<br>%1").arg(entry.problem.toHtmlEscaped());
        break;
    }
    m_details->setText(text);
}

void MainWindow::updateStatus()
{
    const int count = m_model->rowCount();
    m_count->setText(count == 1 ? tr("1 album") : tr("%1 albums").arg(count));
}

void MainWindow::updateActions()
{
    const QModelIndex current = m_view->currentIndex();
    const QUuid uuid = current.data(AlbumListModel::UuidRole).toUuid();
    const bool usable = current.isValid() && !m_runner->isAlbumBusy(uuid);
    for (QAction *action : std::as_const(m_albumActions))
        action->setEnabled(usable);
}

void MainWindow::focusSearch()
{
    m_search->field()->setFocus(Qt::ShortcutFocusReason);
    m_search->field()->selectAll();
}

void MainWindow::keepWorkspaceIndex()
{
    if (!m_indexKeeper) {
        m_indexKeeper = new IndexKeeper(m_registry, this);
        m_indexStatus = new QLabel;
        m_indexStatus->setObjectName(QStringLiteral("indexStatus"));
        m_indexStatus->hide();
        statusBar()->addPermanentWidget(m_indexStatus);
        connect(m_indexKeeper, &IndexKeeper::progress, this, [this](int done, int total) {
            m_indexStatus->setText(tr("Indexing albums: %1 of %2").arg(done).arg(total));
            m_indexStatus->show();
        });
        connect(m_indexKeeper, &IndexKeeper::finished, this, [this](const QString &message) {
            m_indexStatus->hide();
            if (!message.isEmpty())
                showInfo(message);
        });
        // Albums found or added later are indexed as they come.
        connect(this, &MainWindow::albumsRefreshed, m_indexKeeper, &IndexKeeper::refresh);
    }
    m_indexKeeper->refresh();
}

void MainWindow::search(const QString &text)
{
    m_search->run(text);
}

void MainWindow::showAboutBox()
{
    showAbout(this);
}

void MainWindow::showError(const QString &message)
{
    // open(), not exec(): no nested event loop, and nothing for a test to dismiss
    // before it can go on.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Quire"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    Q_EMIT errorShown(message);
}

void MainWindow::showFailure(const QString &what, const Error &error)
{
    showError(tr("%1\n\n%2").arg(what, error.toString()));
}

void MainWindow::showInfo(const QString &message)
{
    statusBar()->showMessage(message, 15000);
    Q_EMIT infoShown(message);
}

// Settings: the window's geometry and layout, and the folders used lately.

QStringList MainWindow::recentFolders() const
{
    return QSettings().value(QStringLiteral("recentFolders")).toStringList();
}

void MainWindow::addRecentFolder(const QString &folder)
{
    const QString clean = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QStringList recent = recentFolders();
    recent.removeAll(clean);
    recent.prepend(clean);
    while (recent.size() > MaxRecentFolders)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentFolders"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFolders();
    for (const QString &folder : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(folder));
        connect(action, &QAction::triggered, this, [this, folder] { addFolder(folder); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    if (settings.contains(QStringLiteral("geometry")))
        restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    if (settings.contains(QStringLiteral("state")))
        restoreState(settings.value(QStringLiteral("state")).toByteArray());
    if (settings.contains(QStringLiteral("splitter")))
        m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    m_settingsRestored = true;
}

void MainWindow::saveSettings()
{
    if (!m_settingsRestored)
        return;
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace quire::ui
