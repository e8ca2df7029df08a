#pragma once

#include "data/store/OutputPath.h"
#include "data/store/Store.h"
#include "layers/plan/Plan.h"

#include <memory>
#include <string>
#include <vector>

namespace app::cli {

class Args;

// Display width of UTF-8 text in a terminal (CJK and full-width forms count 2).
int displayWidth(const std::string &utf8);
std::string padRight(const std::string &utf8, int width);
std::string padLeft(const std::string &utf8, int width);
std::string fixed(double v, int decimals);

// A plain text table with a header row, columns padded by display width.
class Table
{
public:
  explicit Table(std::vector<std::string> header, std::vector<bool> rightAligned = {});
  void add(std::vector<std::string> row);
  std::string str() const;

private:
  std::vector<std::vector<std::string>> mRows;
  std::vector<bool> mRight;
};

// An open project with its plan, as most commands need it.
struct OpenProject
{
  std::unique_ptr<data::Store> store;
  layers::Plan plan;
};
OpenProject openWithPlan(const std::string &path);

// Checks a YYYY-MM-DD date (a real calendar day); throws UsageError naming the option.
std::string checkedDate(const std::string &value, const std::string &option);
std::string today();

// "minlon,minlat,maxlon,maxlat" (numbers as parseDecimal reads them, min < max, within -180..180
// and -90..90); throws UsageError naming `option`.
gis::Envelope lonLatBox(const std::string &text, const std::string &option);

// How an existing output may be replaced: Replace::File with --overwrite, else Replace::No.
data::Replace overwriteOption(const Args &args);

// The line printed under every output of a synthetic project.
std::string syntheticNotice(const data::Store &store);

} // namespace app::cli
