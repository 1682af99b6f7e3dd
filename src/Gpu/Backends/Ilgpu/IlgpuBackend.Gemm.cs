using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>GEMM: cuBLAS on CUDA, the tiled shared-memory kernel elsewhere.</summary>
internal sealed partial class IlgpuBackend
{
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int aOffset,
        DeviceBuffer b, int bOffset, float beta, DeviceBuffer c, int cOffset)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }
        lock (Enter())
        {
            GemmCore(transA, transB, m, n, k, alpha, a, aOffset, b, bOffset, beta, c, cOffset);
        }
    }

    /// <summary>GEMM for callers that already hold the lock.</summary>
    private void GemmCore(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int aOffset,
        DeviceBuffer b, int bOffset, float beta, DeviceBuffer c, int cOffset)
    {
        if (k <= 0)
        {
            ScaleCore(m * n, beta, c, cOffset);
            return;
        }
        if (cublas is not null)
        {
            // cuBLAS is column-major: a row-major C (m x n) is a column-major C^T (n x m), and C^T = op(B)^T op(A)^T,
            // so the operands swap and keep their transposition flags and leading dimensions.
            int lda = transA ? m : k, ldb = transB ? k : n;
            cublas.Gemm(
                transB ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
                transA ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
                n, m, k, alpha,
                View(b, bOffset, transB ? n * k : k * n), ldb,
                View(a, aOffset, transA ? k * m : m * k), lda,
                beta, View(c, cOffset, m * n), n);
            return;
        }
        var args = new GemmArgs(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, beta, aOffset, bOffset, cOffset);
        if (accelerator.MaxNumThreadsPerGroup >= 16)
        {
            var config = Tiles(m, n, default(Tile4).Size, default(Tile4).Threads);
            Kernel("gemm4", acc => acc.LoadStreamKernel<GemmArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmKernels.Tiled<Tile4>))(
                config, args, V(a), V(b), V(c));
        }
        else
        {
            var config = Tiles(m, n, default(Tile2).Size, default(Tile2).Threads);
            Kernel("gemm2", acc => acc.LoadStreamKernel<GemmArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmKernels.Tiled<Tile2>))(
                config, args, V(a), V(b), V(c));
        }
    }

    // One group per size x size tile of C, threads x threads threads per group: 4 x 4 where the accelerator allows 16 (ILGPU's
    // default CPU device), else 2 x 2 (ActorNet's ilgpu-cpu device). CUDA GPUs use cuBLAS instead.
    private static KernelConfig Tiles(int m, int n, int size, int threads) =>
        new(new Index2D((n + size - 1) / size, (m + size - 1) / size), new Index2D(threads, threads));

    private void ScaleCore(int n, float alpha, DeviceBuffer x, int offset)
    {
        if (n <= 0) return;
        Kernel("scale", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, int>(ElementwiseKernels.Scale))(Extent(n), n, Extent(n), alpha, V(x), offset);
    }
}
