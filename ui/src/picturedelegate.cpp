#include "quire/ui/picturedelegate.h"

#include "quire/ui/picturegridmodel.h"

#include <quire/picture.h>

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace quire::ui {

namespace {

const QColor BadgeBackground(0, 0, 0, 150);
const QColor BadgeForeground(255, 255, 255);

// The rectangle the style drew the thumbnail pixmap in (the decoration
// rectangle is the icon size; a thumbnail smaller than it is centred).
QRect thumbnailRect(const QStyleOptionViewItem &opt, const QStyle *style)
{
    const QRect decoration = style->subElementRect(QStyle::SE_ItemViewItemDecoration, &opt, opt.widget);
    const QSize pixmap = opt.icon.actualSize(decoration.size());
    QRect drawn(QPoint(), pixmap.isValid() ? pixmap : decoration.size());
    drawn.moveCenter(decoration.center());
    return drawn;
}

void drawPlayBadge(QPainter *painter, const QRect &badge)
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(BadgeBackground);
    painter->drawEllipse(badge);
    // A triangle pointing right, its centre of mass a little right of the disc's.
    const QRectF inner = QRectF(badge).adjusted(badge.width() * 0.34, badge.height() * 0.27, -badge.width() * 0.24,
                                                -badge.height() * 0.27);
    QPainterPath triangle;
    triangle.moveTo(inner.topLeft());
    triangle.lineTo(inner.right(), inner.center().y());
    triangle.lineTo(inner.bottomLeft());
    triangle.closeSubpath();
    painter->setBrush(BadgeForeground);
    painter->drawPath(triangle);
}

void drawDuration(QPainter *painter, const QRect &thumbnail, const QString &text, const QFont &font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetrics metrics(small);
    const QSize size(metrics.horizontalAdvance(text) + 8, metrics.height() + 2);
    const QRect box(thumbnail.right() - 3 - size.width(), thumbnail.bottom() - 3 - size.height(), size.width(),
                    size.height());
    painter->setPen(Qt::NoPen);
    painter->setBrush(BadgeBackground);
    painter->drawRoundedRect(box, 3, 3);
    painter->setPen(BadgeForeground);
    painter->setFont(small);
    painter->drawText(box, Qt::AlignCenter, text);
}

void drawPickBadge(QPainter *painter, const QRect &badge, PickState pick)
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(BadgeBackground);
    painter->drawEllipse(badge);
    const QRectF inner = QRectF(badge).adjusted(badge.width() * 0.3, badge.height() * 0.25, -badge.width() * 0.3,
                                                -badge.height() * 0.25);
    QPen pen(BadgeForeground, std::max(1.5, badge.width() / 9.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    if (pick == PickState::Rejected) {
        painter->setPen(pen);
        painter->drawLine(inner.topLeft(), inner.bottomRight());
        painter->drawLine(inner.topRight(), inner.bottomLeft());
        return;
    }
    // A flag: its pole on the left, the cloth filled.
    painter->setPen(pen);
    painter->drawLine(inner.topLeft(), inner.bottomLeft());
    painter->setPen(Qt::NoPen);
    painter->setBrush(BadgeForeground);
    painter->drawRect(QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.55));
}

} // namespace

QRect PictureDelegate::labelDotRect(const QRect &thumbnail)
{
    const int edge = std::clamp(std::min(thumbnail.width(), thumbnail.height()) / 8, 8, 18);
    return QRect(thumbnail.right() - 3 - edge, thumbnail.top() + 4, edge, edge);
}

QRect PictureDelegate::pickBadgeRect(const QRect &thumbnail)
{
    const int edge = std::clamp(std::min(thumbnail.width(), thumbnail.height()) / 5, 12, 28);
    return QRect(thumbnail.left() + 4, thumbnail.top() + 4, edge, edge);
}

QColor PictureDelegate::labelColour(int colourLabel)
{
    switch (ColourLabel(colourLabel)) {
    case ColourLabel::Red:
        return QColor(220, 50, 47);
    case ColourLabel::Yellow:
        return QColor(235, 190, 30);
    case ColourLabel::Green:
        return QColor(60, 170, 70);
    case ColourLabel::Blue:
        return QColor(40, 110, 220);
    case ColourLabel::Purple:
        return QColor(150, 70, 190);
    case ColourLabel::None:
        break;
    }
    return {};
}

QRect PictureDelegate::playBadgeRect(const QRect &thumbnail)
{
    const int edge = std::clamp(std::min(thumbnail.width(), thumbnail.height()) / 5, 12, 28);
    return QRect(thumbnail.left() + 4, thumbnail.bottom() - 3 - edge, edge, edge);
}

QString PictureDelegate::durationText(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms > 0 ? 1 : 0, (ms + 500) / 1000);
    const qint64 h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
    const QString mmss = QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
    return h ? QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'))
             : mmss;
}

void PictureDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const bool video = index.data(PictureGridModel::KindRole).toInt() == int(PictureKind::Video);
    const QColor label = labelColour(index.data(PictureGridModel::ColourLabelRole).toInt());
    const auto pick = PickState(index.data(PictureGridModel::PickRole).toInt());
    if (!video && !label.isValid() && pick == PickState::None)
        return;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    const QRect thumbnail = thumbnailRect(opt, style);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (pick == PickState::Rejected)
        painter->fillRect(thumbnail, QColor(0, 0, 0, 110)); // rejects stand back
    if (video) {
        drawPlayBadge(painter, playBadgeRect(thumbnail));
        const QVariant duration = index.data(PictureGridModel::DurationRole);
        if (duration.isValid())
            drawDuration(painter, thumbnail, durationText(duration.toLongLong()), opt.font);
    }
    if (pick != PickState::None)
        drawPickBadge(painter, pickBadgeRect(thumbnail), pick);
    if (label.isValid()) {
        painter->setPen(QPen(BadgeForeground, 1.5));
        painter->setBrush(label);
        painter->drawEllipse(labelDotRect(thumbnail));
    }
    painter->restore();
}

} // namespace quire::ui
