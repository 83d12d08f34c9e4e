#include "albumdelegate.h"

#include "quire/ui/albumlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace quire::ui {

void AlbumDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString status = index.data(AlbumListModel::StatusRole).toString();
    // The style draws the background, focus and icon; the text is ours.
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget).adjusted(2, 0, -2, 0);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorRole role = selected ? QPalette::HighlightedText : QPalette::Text;
    painter->save();
    QFont nameFont = opt.font;
    QFont statusFont = opt.font;
    statusFont.setPointSizeF(opt.font.pointSizeF() * 0.85);
    const QFontMetrics nameMetrics(nameFont);
    const QFontMetrics statusMetrics(statusFont);
    const int total = nameMetrics.height() + statusMetrics.height();
    int y = textRect.top() + (textRect.height() - total) / 2;
    painter->setPen(opt.palette.color(QPalette::Active, role));
    painter->setFont(nameFont);
    painter->drawText(QRect(textRect.left(), y, textRect.width(), nameMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, textRect.width()));
    y += nameMetrics.height();
    QColor dim = opt.palette.color(QPalette::Active, role);
    dim.setAlphaF(0.65f);
    painter->setPen(dim);
    painter->setFont(statusFont);
    painter->drawText(QRect(textRect.left(), y, textRect.width(), statusMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      statusMetrics.elidedText(status, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize AlbumDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    size.setHeight(qMax(size.height(), QFontMetrics(option.font).height() + QFontMetrics(small).height() + 10));
    return size;
}

} // namespace quire::ui
