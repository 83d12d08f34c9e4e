#pragma once
// AlbumDelegate: paints a sidebar row on two lines, the album's name and
// under it, smaller and dimmer, its picture count and state
// (AlbumListModel::StatusRole).

#include <QStyledItemDelegate>

namespace quire::ui {

class AlbumDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace quire::ui
