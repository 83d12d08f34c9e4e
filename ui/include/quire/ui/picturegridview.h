#pragma once
// PictureGridView: a QListView in icon mode set up for thumbnails: uniform
// cells (so only the visible rows are asked for data), multi-select, and
// drag of the selected pictures (Ctrl turns a move into a copy). When it
// scrolls, the thumbnail reads queued for rows no longer shown are dropped.

#include <QListView>

namespace quire::ui {

class ThumbnailLoader;

class PictureGridView : public QListView
{
    Q_OBJECT
public:
    explicit PictureGridView(ThumbnailLoader *thumbnails, QWidget *parent = nullptr);
};

} // namespace quire::ui
