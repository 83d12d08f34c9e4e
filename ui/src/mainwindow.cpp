#include "quire/ui/mainwindow.h"

#include "quire/ui/albumlistmodel.h"

#include <quire/registry.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QUuid>
#include <QVBoxLayout>

namespace quire::ui {

MainWindow::MainWindow(Registry &registry, QWidget *parent)
    : QMainWindow(parent), m_registry(registry), m_model(new AlbumListModel(this))
{
    setWindowTitle(tr("Quire - %1").arg(QDir::toNativeSeparators(m_registry.workspaceFolder())));

    m_view = new QListView;
    m_view->setObjectName(QStringLiteral("albumView"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformItemSizes(true);

    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("albumDetails"));
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMargin(12);

    auto *sidebar = new QWidget;
    auto *sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(0, 0, 0, 0);
    sidebarLayout->setSpacing(4);
    auto *heading = new QLabel(tr("<b>Albums</b>"));
    heading->setContentsMargins(6, 6, 6, 0);
    sidebarLayout->addWidget(heading);
    sidebarLayout->addWidget(m_view);

    auto *splitter = new QSplitter;
    splitter->addWidget(sidebar);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setCollapsible(0, false);
    splitter->setSizes({220, 500});
    setCentralWidget(splitter);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *add = file->addAction(tr("&Add Existing Folder..."), this, &MainWindow::chooseFolderToAdd);
    add->setObjectName(QStringLiteral("addFolderAction"));
    add->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("albumCount"));
    statusBar()->addWidget(m_count);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateDetails);
    // The registry may change from other threads; read the catalog again on
    // this one.
    connect(&m_registry, &Registry::albumAdded, this, &MainWindow::refresh, Qt::QueuedConnection);
    connect(&m_registry, &Registry::albumChanged, this, &MainWindow::refresh, Qt::QueuedConnection);

    resize(760, 480);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::refresh()
{
    const QUuid selected = m_view->currentIndex().data(AlbumListModel::UuidRole).toUuid();
    Result<QList<CatalogEntry>> catalog = m_registry.catalog();
    if (!catalog) {
        // Say so in the window too, not only in the passing message box.
        m_count->setText(tr("The workspace cannot be read"));
        m_details->setText(tr("<p><b>The workspace cannot be read.</b></p><p>%1</p>")
                               .arg(catalog.error().toString().toHtmlEscaped()));
        showError(catalog.error().toString());
        return;
    }
    m_model->setEntries(std::move(*catalog));
    selectAlbum(selected);
    updateStatus();
}

bool MainWindow::addFolder(const QString &folder)
{
    Result<Album> album = m_registry.open(folder);
    if (!album) {
        showError(album.error().toString());
        return false;
    }
    refresh();
    selectAlbum(album->uuid());
    return true;
}

void MainWindow::chooseFolderToAdd()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add Existing Album Folder"),
                                                             QDir::homePath());
    if (!folder.isEmpty())
        addFolder(folder);
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

void MainWindow::selectAlbum(const QUuid &uuid)
{
    int row = uuid.isNull() ? -1 : m_model->rowOf(uuid);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row));
    updateDetails();
}

void MainWindow::updateDetails()
{
    if (m_model->rowCount() == 0) {
        m_details->setText(tr("<p>No albums in this workspace yet.</p>"
                              "<p>Use <b>File &rsaquo; Add Existing Folder...</b> to add an "
                              "album folder.</p>"));
        return;
    }
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->setText(tr("<p>Select an album.</p>"));
        return;
    }
    const CatalogEntry &entry = m_model->entries().at(current.row());
    m_details->setText(
        tr("<h2>%1</h2><table cellspacing=\"4\">"
           "<tr><td><b>Folder</b></td><td>%2</td></tr>"
           "<tr><td><b>State</b></td><td>%3</td></tr>"
           "<tr><td><b>Last seen</b></td><td>%4</td></tr>"
           "</table>")
            .arg(AlbumListModel::displayName(entry).toHtmlEscaped(),
                 QDir::toNativeSeparators(entry.folder).toHtmlEscaped(),
                 Registry::stateName(entry.state),
                 QLocale().toString(entry.lastSeen.toLocalTime(), QLocale::ShortFormat)));
}

void MainWindow::updateStatus()
{
    const int count = m_model->rowCount();
    m_count->setText(count == 1 ? tr("1 album") : tr("%1 albums").arg(count));
}

} // namespace quire::ui
