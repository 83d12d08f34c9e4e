#include "quire/ui/picturegridview.h"

#include "quire/ui/picturedelegate.h"
#include "quire/ui/thumbnailloader.h"

#include <QScrollBar>

namespace quire::ui {

PictureGridView::PictureGridView(ThumbnailLoader *thumbnails, QWidget *parent) : QListView(parent)
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setWrapping(true);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(200);
    setIconSize(QSize(ThumbnailLoader::Size, ThumbnailLoader::Size * 3 / 4));
    setGridSize(QSize(ThumbnailLoader::Size + 16, ThumbnailLoader::Size * 3 / 4 + 36));
    setSpacing(4);
    setWordWrap(true);
    setTextElideMode(Qt::ElideMiddle);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::MoveAction);
    setItemDelegate(new PictureDelegate(this)); // marks videos
    if (thumbnails) {
        connect(verticalScrollBar(), &QScrollBar::valueChanged, thumbnails, &ThumbnailLoader::dropQueued);
    }
}

} // namespace quire::ui
