// The conflict dialog names what kind of conflict each row is: an edit made on both sides, or a
// status recorded offline that would take a feature back from the server's (with the store's reason).
#include "app/gui/ConflictDialog.h"

#include <QTableWidget>

#include <gtest/gtest.h>

namespace {

TEST(ConflictDialogTest, AStatusGoingBackIsShownWithItsReason)
{
  data::SyncConflict edit;
  edit.code = "HD-011";
  edit.name = "周家沥";
  edit.baseVersion = 2;
  edit.serverVersion = 3;
  data::SyncConflict back;
  back.code = "HD-157";
  back.name = "沈家浜";
  back.eventUuid = "e1";
  back.reason = "this copy records in_progress on 2020-09-01 but the server has accepted since 2020-08-01";
  app::ConflictDialog dialog(QStringLiteral("/nonexistent/field.sqlite"), {edit, back});
  QTableWidget *t = dialog.table();
  ASSERT_EQ(t->rowCount(), 2);
  EXPECT_TRUE(t->item(0, 2)->text().contains(QStringLiteral("version 2")))
      << t->item(0, 2)->text().toStdString();
  EXPECT_TRUE(t->item(1, 2)->text().contains(QStringLiteral("status going back")))
      << t->item(1, 2)->text().toStdString();
  EXPECT_TRUE(t->item(1, 2)->text().contains(QString::fromStdString(back.reason)));
  EXPECT_FALSE(t->item(1, 2)->text().contains(QStringLiteral("0 / 0")));
}

} // namespace
