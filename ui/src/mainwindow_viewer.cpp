// The main window's viewer: a picture of the grid in place of the grid,
// and full screen.

#include "quire/ui/mainwindow.h"

#include "quire/ui/picturegridmodel.h"
#include "quire/ui/picturegridview.h"
#include "quire/ui/pictureviewer.h"
#include "quire/ui/searchpanel.h"

#include <QAction>
#include <QDir>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

namespace quire::ui {

void MainWindow::buildViewer()
{
    m_viewer = new PictureViewer;
    m_pages->addWidget(m_viewer);
    connect(m_gridView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        viewPicture(index.row());
    });
    connect(m_search->resultsView(), &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        viewPicture(index.row());
    });
    connect(m_viewer, &PictureViewer::closed, this, &MainWindow::closeViewer);
    // The grid follows the viewer, so the detail pane shows the picture
    // viewed and Esc comes back to it.
    connect(m_viewer, &PictureViewer::currentChanged, this, [this](int row) {
        if (!m_viewed || row < 0)
            return;
        QAbstractItemView *grid = m_viewed == m_grid ? static_cast<QAbstractItemView *>(m_gridView) : m_search->resultsView();
        grid->setCurrentIndex(m_viewed->index(row));
        // Stepping onto the last row read asks for the album's next page.
        if (row == m_viewed->rowCount() - 1 && m_viewed->canFetchMore({}))
            m_viewed->fetchMore({});
    });
    for (PictureGridModel *model : {m_grid, m_search->results()}) {
        connect(model, &PictureGridModel::pageLoaded, this, [this, model] {
            if (m_viewed == model && m_pages->currentWidget() == m_viewer)
                m_viewer->setPictures(viewerFiles(*model), m_viewer->current());
        });
        // The grid showing something else (another album, a new search)
        // ends the viewing of the old one.
        connect(model, &QAbstractItemModel::modelReset, this, [this, model] {
            if (m_viewed == model && m_pages->currentWidget() == m_viewer)
                closeViewer();
        });
    }
}

QStringList MainWindow::viewerFiles(const PictureGridModel &model) const
{
    QStringList files;
    files.reserve(model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row) {
        const PictureGridModel::Item &item = model.item(row);
        files.append(QDir(item.albumFolder).filePath(item.picture.path));
    }
    return files;
}

void MainWindow::viewPicture(int row)
{
    // Already viewing: stay on the same list, and Esc still goes back to the
    // page the viewer was opened from (not to the viewer itself).
    const bool viewing = m_pages->currentWidget() == m_viewer && m_viewed;
    PictureGridModel *model = viewing ? m_viewed
                              : m_pages->currentWidget() == m_search ? m_search->results()
                                                                     : m_grid;
    if (row < 0 || row >= model->rowCount())
        return;
    m_viewed = model;
    if (!viewing)
        m_viewedFrom = m_pages->currentWidget();
    m_viewer->setPictures(viewerFiles(*model), row);
    m_pages->setCurrentWidget(m_viewer);
    m_viewer->setFocus();
    if (isFullScreen())
        setFullScreen(true); // only the picture from now on
}

void MainWindow::slideshow()
{
    if (m_pages->currentWidget() == m_viewer) {
        m_viewer->setSlideshowPlaying(!m_viewer->isSlideshowPlaying());
        return;
    }
    QAbstractItemView *grid = m_pages->currentWidget() == m_search ? static_cast<QAbstractItemView *>(m_search->resultsView())
                                                                     : m_gridView;
    if (grid->model()->rowCount() == 0)
        return;
    viewPicture(std::max(grid->currentIndex().row(), 0));
    m_viewer->setSlideshowPlaying(true);
}

void MainWindow::closeViewer()
{
    if (m_pages->currentWidget() != m_viewer)
        return;
    const int row = m_viewer->current();
    m_viewer->setSlideshowPlaying(false);
    if (isFullScreen())
        setFullScreen(false);
    m_pages->setCurrentWidget(m_viewedFrom ? m_viewedFrom : m_pages->widget(0));
    QAbstractItemView *grid = m_viewed == m_search->results() ? m_search->resultsView() : static_cast<QAbstractItemView *>(m_gridView);
    if (m_viewed && row >= 0 && row < m_viewed->rowCount()) {
        const QModelIndex index = m_viewed->index(row);
        grid->setCurrentIndex(index);
        grid->scrollTo(index);
    }
    grid->setFocus();
    m_viewed = nullptr;
}

void MainWindow::setFullScreen(bool on)
{
    // Viewing full screen shows the picture alone: no sidebar, detail pane,
    // menus or bars (F11 and Esc still work: the actions stay on the window).
    const bool pictureAlone = on && m_pages->currentWidget() == m_viewer;
    m_splitter->widget(0)->setVisible(!pictureAlone);
    m_splitter->widget(2)->setVisible(!pictureAlone);
    menuBar()->setVisible(!pictureAlone);
    statusBar()->setVisible(!pictureAlone);
    for (QToolBar *bar : findChildren<QToolBar *>())
        bar->setVisible(!pictureAlone);
    if (on && !isFullScreen())
        showFullScreen();
    else if (!on && isFullScreen())
        showNormal();
    m_fullScreen->setChecked(on);
}

} // namespace quire::ui
