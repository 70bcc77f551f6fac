// Eigen types of gridgov's public API, declared without including Eigen.
//
// Dense inputs (cost matrices, coordinates) are taken as `DenseRef`: a read-only view of a
// row-major double matrix with any outer stride, so a C-ordered numpy array reaches C++ through
// pybind11's Eigen caster without a copy, and a C++ caller passes any Eigen matrix or block (a
// column-major one is copied once into a temporary). Sparse inputs are `SparseRows` (row-major
// CSR, int32 indices). Including <Eigen/Core> costs about 0.9 s of compile time per translation
// unit, more than the whole of <gridgov/gridgov.hpp> may take; these declarations cost nothing.
// A caller that builds such a matrix includes Eigen itself; gridgov's sources include it fully.
//
// The declarations repeat Eigen 3.4's own forward declarations without their default arguments
// (C++ lets a later declaration add them), and spell the default template arguments out.
#pragma once

namespace Eigen {
template <typename Scalar, int Rows, int Cols, int Options, int MaxRows, int MaxCols>
class Matrix;
template <int Value>
class OuterStride;
template <typename PlainObjectType, int Options, typename StrideType>
class Ref;
template <typename Scalar, int Options, typename StorageIndex>
class SparseMatrix;
}  // namespace Eigen

namespace gridgov {

inline constexpr int eigen_dynamic = -1;  ///< Eigen::Dynamic
inline constexpr int eigen_row_major = 1;  ///< Eigen::RowMajor

/// A row-major matrix of doubles (numpy's C order).
using DenseMatrix = Eigen::Matrix<double, eigen_dynamic, eigen_dynamic, eigen_row_major, eigen_dynamic, eigen_dynamic>;
/// A read-only view of any dense double matrix (rows x columns), zero-copy from C-ordered numpy.
using DenseRef = Eigen::Ref<const DenseMatrix, 0, Eigen::OuterStride<eigen_dynamic>>;
/// A sparse row-major matrix (CSR) of doubles with int32 indices.
using SparseRows = Eigen::SparseMatrix<double, eigen_row_major, int>;

}  // namespace gridgov
