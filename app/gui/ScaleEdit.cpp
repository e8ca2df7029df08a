#include "app/gui/ScaleEdit.h"

#include <cmath>

namespace app {

ScaleEdit::ScaleEdit(QWidget *parent)
    : QLineEdit(parent)
{
  setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("1:10,000,000")) + 16);
  setToolTip(tr("Map scale; type 1:N and press Enter"));
  connect(this, &QLineEdit::returnPressed, this, [this] {
    const double n = parse(text());
    if (n > 0)
      emit scaleEdited(n);
    else
      setStyleSheet(QStringLiteral("color: #c00"));
  });
  connect(this, &QLineEdit::textEdited, this, [this] { setStyleSheet(QString()); });
}

void ScaleEdit::showScale(double scale)
{
  if (hasFocus()) return; // do not overwrite what the user is typing
  setStyleSheet(QString());
  setText(QStringLiteral("1:%L1").arg(std::round(scale), 0, 'f', 0));
}

double ScaleEdit::parse(const QString &text)
{
  QString t = text.trimmed();
  t.remove(QLatin1Char(',')).remove(QLatin1Char(' ')).remove(QChar(0xFF0C));
  if (t.startsWith(QStringLiteral("1:")) || t.startsWith(QStringLiteral("1："))) t = t.mid(2);
  bool ok = false;
  const double n = t.toDouble(&ok);
  return ok && n >= 1 && std::isfinite(n) ? n : 0;
}

} // namespace app
