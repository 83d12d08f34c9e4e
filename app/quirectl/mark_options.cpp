#include "mark_options.h"

namespace quirectl {

QString readRating(const QString &option, const QString &value, int *rating)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    if (!ok || n < 0 || n > 5)
        return QStringLiteral("%1 '%2' is not a rating from 0 to 5.").arg(option, value);
    *rating = n;
    return {};
}

QString readLabel(const QString &option, const QString &value, quire::ColourLabel *label)
{
    const std::optional<quire::ColourLabel> named = quire::colourLabelNamed(value);
    if (!named)
        return QStringLiteral("%1 '%2' is not one of none, red, yellow, green, blue, purple.").arg(option, value);
    *label = *named;
    return {};
}

QString readPick(const QString &option, const QString &value, quire::PickState *pick)
{
    const std::optional<quire::PickState> named = quire::pickStateNamed(value);
    if (!named)
        return QStringLiteral("%1 '%2' is not one of picked, rejected, none.").arg(option, value);
    *pick = *named;
    return {};
}

} // namespace quirectl
