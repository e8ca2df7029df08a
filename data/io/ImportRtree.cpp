#include "data/io/ImportRtree.h"

#include "data/spatialite/Sqlite.h"
#include "data/store/StoreError.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace data {

namespace {

// One cell: an entry (a row id) in a leaf, a child node's number above.
struct Cell
{
  std::int64_t id;
  std::array<float, 4> box; // xmin, xmax, ymin, ymax
  float cx() const { return box[0] + box[1]; }
  float cy() const { return box[2] + box[3]; }
};

// The rtree module's own rounding of a double to its 32-bit coordinates (rtreeValueDown/Up in
// SQLite's rtree.c), so a packed box is bit for bit the box an INSERT would store.
float valueDown(double d)
{
  float f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
  return f;
}

float valueUp(double d)
{
  float f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
  return f;
}

void put16(unsigned char *p, unsigned v)
{
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}

void put32(unsigned char *p, std::uint32_t v)
{
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}

void put64(unsigned char *p, std::uint64_t v)
{
  for (int i = 0; i < 8; ++i)
    p[i] = static_cast<unsigned char>(v >> (56 - 8 * i));
}

std::string quoted(const std::string &name)
{
  return "\"" + name + "\"";
}

// The MBRs of the column's rows, rounded outwards to the R-tree's single precision.
std::vector<Cell> readCells(Database &db, const std::string &table, const std::string &column,
                            std::size_t expected)
{
  std::vector<Cell> level;
  level.reserve(expected);
  const std::string c = quoted(column);
  Statement st = db.prepare("SELECT rowid, MbrMinX(" + c + "), MbrMaxX(" + c + "), MbrMinY(" + c +
                            "), MbrMaxY(" + c + ") FROM " + quoted(table) + " WHERE " + c + " IS NOT NULL");
  while (st.step()) {
    if (st.isNull(1)) continue; // no MBR: the row-by-row path would store nothing either
    level.push_back(
        {st.integer(0),
         {valueDown(st.real(1)), valueUp(st.real(2)), valueDown(st.real(3)), valueUp(st.real(4))}});
  }
  return level;
}

constexpr int kCellBytes = 8 + 4 * 4;

// One node as the rtree module stores it: depth (the root's) or 0, cell count, cells.
void encodeNode(std::string &blob, const Cell *cells, std::size_t n, unsigned depthHeader)
{
  std::fill(blob.begin(), blob.end(), '\0');
  auto *p = reinterpret_cast<unsigned char *>(blob.data());
  put16(p, depthHeader);
  put16(p + 2, static_cast<unsigned>(n));
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char *q = p + 4 + i * kCellBytes;
    put64(q, static_cast<std::uint64_t>(cells[i].id));
    for (int k = 0; k < 4; ++k) {
      std::uint32_t bits = 0;
      std::memcpy(&bits, &cells[i].box[k], 4);
      put32(q + 8 + 4 * k, bits);
    }
  }
}

// Writes (key, node) pairs in key order through `st`.
void writePairs(Statement &st, std::vector<std::pair<std::int64_t, std::int64_t>> &pairs)
{
  std::sort(pairs.begin(), pairs.end());
  for (const auto &[key, node] : pairs) {
    st.bindInt(1, key).bindInt(2, node).run();
    st.reset();
  }
}

// One level up: `level`'s cells sorted into vertical slices by x, each slice by y, cut into nodes
// of evenly shared cells (so every node holds more than half of maxCells); `made(node, from, to)`
// is told each node and its cells level[from..to). Returns the nodes, the next level's cells.
std::vector<Cell> packLevel(std::vector<Cell> &level, std::size_t maxCells, std::int64_t &nextNode,
                            const std::function<void(const Cell &, std::size_t, std::size_t)> &made)
{
  const std::size_t n = level.size();
  const std::size_t nodes = (n + maxCells - 1) / maxCells;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  std::sort(level.begin(), level.end(), [](const Cell &a, const Cell &b) { return a.cx() < b.cx(); });
  std::vector<Cell> up;
  up.reserve(nodes + slices);
  for (std::size_t s = 0; s < slices; ++s) {
    const std::size_t begin = n * s / slices, end = n * (s + 1) / slices;
    std::sort(level.begin() + static_cast<std::ptrdiff_t>(begin),
              level.begin() + static_cast<std::ptrdiff_t>(end),
              [](const Cell &a, const Cell &b) { return a.cy() < b.cy(); });
    const std::size_t m = end - begin;
    const std::size_t k = (m + maxCells - 1) / maxCells;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t from = begin + m * j / k, to = begin + m * (j + 1) / k;
      Cell node{nextNode++, level[from].box};
      for (std::size_t i = from; i < to; ++i) {
        const auto &b = level[i].box;
        node.box = {std::min(node.box[0], b[0]), std::max(node.box[1], b[1]), std::min(node.box[2], b[2]),
                    std::max(node.box[3], b[3])};
      }
      made(node, from, to);
      up.push_back(node);
    }
  }
  return up;
}

} // namespace

std::size_t packRtree(Database &db, const std::string &table, const std::string &column, std::size_t expected)
{
  const std::string idx = "idx_" + table + "_" + column;
  // The node size is fixed when the rtree is created (from the page size, at most 51 cells); the
  // module reads it back as the size of the root node, and so does this.
  const std::int64_t nodeSize =
      db.queryInt("SELECT length(data) FROM " + quoted(idx + "_node") + " WHERE nodeno = 1");
  const std::size_t maxCells = nodeSize > 4 ? static_cast<std::size_t>((nodeSize - 4) / kCellBytes) : 0;
  if (maxCells < 4)
    throw StoreError(StoreError::Kind::Database, idx + ": unexpected R-tree node size " +
                                                     std::to_string(nodeSize) + "; cannot rebuild it");

  std::vector<Cell> level = readCells(db, table, column, expected);
  const std::size_t entries = level.size();

  db.exec("DELETE FROM " + quoted(idx + "_node") + "; DELETE FROM " + quoted(idx + "_parent") +
          "; DELETE FROM " + quoted(idx + "_rowid"));
  Statement writeNode = db.prepare("INSERT INTO " + quoted(idx + "_node") + "(nodeno, data) VALUES(?, ?)");
  Statement writeRowid = db.prepare("INSERT INTO " + quoted(idx + "_rowid") + "(rowid, nodeno) VALUES(?, ?)");
  Statement writeParent =
      db.prepare("INSERT INTO " + quoted(idx + "_parent") + "(nodeno, parentnode) VALUES(?, ?)");

  std::string blob(static_cast<std::size_t>(nodeSize), '\0');
  auto write = [&](std::int64_t nodeno, const Cell *cells, std::size_t n, unsigned depthHeader) {
    encodeNode(blob, cells, n, depthHeader);
    writeNode.bindInt(1, nodeno).bindBlob(2, blob).run();
    writeNode.reset();
  };

  // Bottom-up, a level at a time (packLevel), until the root (node 1) takes them all.
  std::int64_t nextNode = 2;
  unsigned depth = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> parents; // child node -> parent node
  std::vector<std::pair<std::int64_t, std::int64_t>> rowids;  // entry -> leaf node
  rowids.reserve(entries);
  while (level.size() > maxCells) {
    level = packLevel(level, maxCells, nextNode, [&](const Cell &node, std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i)
        (depth == 0 ? rowids : parents).emplace_back(level[i].id, node.id);
      write(node.id, level.data() + from, to - from, 0);
    });
    ++depth;
  }
  // The root: node 1, its first two bytes the depth of the tree.
  for (const Cell &c : level) {
    if (depth == 0)
      rowids.emplace_back(c.id, 1);
    else
      parents.emplace_back(c.id, 1);
  }
  write(1, level.data(), level.size(), depth);

  writePairs(writeRowid, rowids);
  writePairs(writeParent, parents);
  return entries;
}

} // namespace data
