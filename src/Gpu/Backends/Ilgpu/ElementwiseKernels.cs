using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Kernel bodies for the BLAS-like, activation and Eltwise MAX kernels: one thread per element.</summary>
internal static class ElementwiseKernels
{
    public static void Set(Index1D thread, int count, int stride, ArrayView<float> x, int offset, float value)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            x[offset + i] = value;
        }
    }

    public static void Copy(Index1D thread, int count, int stride, ArrayView<float> x, int xOffset, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            y[yOffset + i] = x[xOffset + i];
        }
    }

    public static void Axpby(Index1D thread, int count, int stride, float alpha, ArrayView<float> x, int xOffset, float beta, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float old = y[yOffset + i];
            // beta == 1 is Axpy: y + alpha*x exactly as the CPU's fused multiply-add order leaves it.
            y[yOffset + i] = beta == 1f ? old + alpha * x[xOffset + i] : beta * old + alpha * x[xOffset + i];
        }
    }

    public static void Scale(Index1D thread, int count, int stride, float alpha, ArrayView<float> x, int offset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            x[offset + i] = alpha * x[offset + i];
        }
    }

    public static void Mul(Index1D thread, int count, int stride, ArrayView<float> a, int aOffset, ArrayView<float> b, int bOffset, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            y[yOffset + i] = a[aOffset + i] * b[bOffset + i];
        }
    }

    public static void AddSign(Index1D thread, int count, int stride, float alpha, ArrayView<float> x, int xOffset, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float v = x[xOffset + i];
            y[yOffset + i] += alpha * (v > 0f ? 1f : v < 0f ? -1f : 0f);
        }
    }

    public static void AddPow(Index1D thread, int count, int stride, float add, float power, ArrayView<float> v, int offset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            v[offset + i] = MathF.Pow(v[offset + i] + add, power);
        }
    }

    public static void ReluForward(Index1D thread, int count, int stride, float slope, ArrayView<float> x, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float v = x[i];
            y[i] = v > 0f ? v : slope * v;
        }
    }

    public static void ReluBackward(Index1D thread, int count, int stride, float slope, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            dx[i] = x[i] > 0f ? dy[i] : slope * dy[i];
        }
    }

    public static void SigmoidForward(Index1D thread, int count, int stride, ArrayView<float> x, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            y[i] = 1f / (1f + MathF.Exp(-x[i]));
        }
    }

    public static void SigmoidBackward(Index1D thread, int count, int stride, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float s = y[i];
            dx[i] = dy[i] * s * (1f - s);
        }
    }

    public static void TanhForward(Index1D thread, int count, int stride, ArrayView<float> x, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            y[i] = MathF.Tanh(x[i]);
        }
    }

    public static void TanhBackward(Index1D thread, int count, int stride, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            float t = y[i];
            dx[i] = dy[i] * (1f - t * t);
        }
    }

    public static void EltwiseMaxFirst(Index1D thread, int count, int stride, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            y[i] = x[i];
            mask[i] = 0f;
        }
    }

    public static void EltwiseMax(Index1D thread, int count, int stride, int index, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            if (x[i] > y[i])
            {
                y[i] = x[i];
                mask[i] = index;
            }
        }
    }

    public static void EltwiseMaxBackward(Index1D thread, int count, int stride, int index, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D i = element;
            dx[i] = mask[i] == index ? dy[i] : 0f;
        }
    }
}
