#include "app/gui/UserDialog.h"

#include "data/postgis/PgConnection.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace app {

namespace {

// Settings keys may not hold '/', so a project is keyed by a hash of its canonical path.
QString settingsKey(const QString &projectPath)
{
  // A server: the same key with or without the password given on opening.
  if (data::isConnectionString(projectPath.toStdString()))
    return "projectUsers/" +
           QCryptographicHash::hash(data::connectionWithoutPassword(projectPath.toStdString()).c_str(),
                                    QCryptographicHash::Sha1)
               .toHex();
  QFileInfo info(projectPath);
  const QString path = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
  return "projectUsers/" + QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex();
}

} // namespace

UserDialog::UserDialog(const data::Store &store, const QString &projectPath, QSettings &settings,
                       QWidget *parent)
    : QDialog(parent)
    , mUsers(store.users())
    , mProjectPath(projectPath)
    , mSettings(settings)
    , mCombo(new QComboBox(this))
{
  setWindowTitle(tr("Who is working?"));
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Marks and edits are recorded under this name:"), this));
  for (const auto &u : mUsers)
    mCombo->addItem(describe(u), QString::fromStdString(u.name));
  layout->addWidget(mCombo);
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setEnabled(!mUsers.empty());
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  selectUser(rememberedUser(mSettings, mProjectPath));
}

std::optional<data::User> UserDialog::selectedUser() const
{
  const int i = mCombo->currentIndex();
  if (i < 0 || i >= static_cast<int>(mUsers.size())) return std::nullopt;
  return mUsers[static_cast<std::size_t>(i)];
}

void UserDialog::selectUser(const QString &name)
{
  const int i = mCombo->findData(name);
  if (i >= 0) mCombo->setCurrentIndex(i);
}

QString UserDialog::rememberedUser(QSettings &settings, const QString &projectPath)
{
  return settings.value(settingsKey(projectPath)).toString();
}

void UserDialog::rememberUser(QSettings &settings, const QString &projectPath, const QString &name)
{
  settings.setValue(settingsKey(projectPath), name);
}

QString UserDialog::describe(const data::User &user)
{
  // The role as the UI language says it (the store's names are English identifiers).
  const char *role = user.role == data::Role::Planner    ? QT_TRANSLATE_NOOP("app::UserDialog", "planner")
                     : user.role == data::Role::Engineer ? QT_TRANSLATE_NOOP("app::UserDialog", "engineer")
                                                         : QT_TRANSLATE_NOOP("app::UserDialog", "leader");
  QString text =
      QString::fromStdString(user.name) + " (" + QCoreApplication::translate("app::UserDialog", role) + ")";
  if (!user.displayName.empty() && user.displayName != user.name)
    text += " — " + QString::fromStdString(user.displayName);
  return text;
}

void UserDialog::accept()
{
  if (const auto u = selectedUser()) rememberUser(mSettings, mProjectPath, QString::fromStdString(u->name));
  QDialog::accept();
}

} // namespace app
