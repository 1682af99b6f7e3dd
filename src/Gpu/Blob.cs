using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Gpu;

/// <summary>
/// An N-dimensional float32 tensor with a value (data) and a gradient (diff), as Caffe's Blob; shapes are
/// NCHW for images. Storage lives in a compute backend; <see cref="GetData"/> and <see cref="SetData"/>
/// copy to and from host memory. Reshaping to a smaller count keeps the storage, as in Caffe.
/// </summary>
public sealed class Blob
{
    private int[] shape;
    private DeviceBuffer data;
    private DeviceBuffer diff;

    /// <summary>Creates a zero-filled blob of the given shape on the default CPU backend.</summary>
    public Blob(params int[] shape)
        : this(CpuBackend.Default, shape)
    {
    }

    internal Blob(IComputeBackend backend, params int[] shape)
    {
        Backend = backend;
        this.shape = CheckShape(shape);
        int count = ComputeCount(this.shape);
        data = backend.Allocate(count);
        diff = backend.Allocate(count);
    }

    internal IComputeBackend Backend { get; }

    internal DeviceBuffer Data => data;

    internal DeviceBuffer Diff => diff;

    /// <summary>The shape (a copy), e.g. [N, C, H, W].</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>Number of axes.</summary>
    public int NumAxes => shape.Length;

    /// <summary>Total number of elements.</summary>
    public int Count { get; private set; }

    /// <summary>Size of one axis; a negative axis counts from the end as in Caffe.</summary>
    public int ShapeAt(int axis) => shape[CanonicalAxis(axis)];

    /// <summary>Product of the sizes of axes [start, end).</summary>
    public int CountRange(int start, int end)
    {
        int count = 1;
        for (int i = start; i < end; i++)
        {
            count *= shape[i];
        }
        return count;
    }

    /// <summary>Product of the sizes of axes from <paramref name="start"/> to the last.</summary>
    public int CountFrom(int start) => CountRange(start, shape.Length);

    /// <summary>Maps a possibly negative axis index to [0, NumAxes), failing with a clear message otherwise.</summary>
    public int CanonicalAxis(int axis)
    {
        int canonical = axis < 0 ? axis + shape.Length : axis;
        if (canonical < 0 || canonical >= Math.Max(1, shape.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for a blob of shape {ShapeString}.");
        }
        return canonical;
    }

    /// <summary>The shape as "2 3 4 5 (120)", as Caffe logs it.</summary>
    public string ShapeString => $"{string.Join(' ', shape)} ({Count})";

    /// <summary>Changes the shape; storage grows when needed (values are then zero) and never shrinks.</summary>
    public void Reshape(params int[] newShape)
    {
        shape = CheckShape(newShape);
        int count = ComputeCount(shape);
        if (count > data.Length)
        {
            data = Backend.Allocate(count);
        }
        if (count > diff.Length)
        {
            diff = Backend.Allocate(count);
        }
        Count = count;
    }

    /// <summary>Takes the shape of another blob.</summary>
    public void ReshapeLike(Blob other) => Reshape(other.shape);

    /// <summary>Copies the values to a new host array.</summary>
    public float[] GetData()
    {
        var result = new float[Count];
        Backend.Download(data, 0, result);
        return result;
    }

    /// <summary>Copies the gradient to a new host array.</summary>
    public float[] GetDiff()
    {
        var result = new float[Count];
        Backend.Download(diff, 0, result);
        return result;
    }

    /// <summary>Sets the values; the span must hold exactly <see cref="Count"/> floats.</summary>
    public void SetData(ReadOnlySpan<float> values)
    {
        CheckLength(values.Length, "SetData");
        Backend.Upload(values, data, 0);
    }

    /// <summary>Sets the gradient; the span must hold exactly <see cref="Count"/> floats.</summary>
    public void SetDiff(ReadOnlySpan<float> values)
    {
        CheckLength(values.Length, "SetDiff");
        Backend.Upload(values, diff, 0);
    }

    /// <summary>Copies the values into a host span of exactly <see cref="Count"/> floats (no allocation).</summary>
    public void CopyDataTo(Span<float> destination)
    {
        CheckLength(destination.Length, "CopyDataTo");
        Backend.Download(data, 0, destination);
    }

    /// <summary>Copies the gradient into a host span of exactly <see cref="Count"/> floats (no allocation).</summary>
    public void CopyDiffTo(Span<float> destination)
    {
        CheckLength(destination.Length, "CopyDiffTo");
        Backend.Download(diff, 0, destination);
    }

    /// <summary>Makes this blob use another blob's value storage (Caffe's ShareData); counts must match.</summary>
    internal void ShareData(Blob other)
    {
        CheckLength(other.Count, "ShareData");
        data = other.data;
    }

    /// <summary>Makes this blob use another blob's gradient storage (Caffe's ShareDiff).</summary>
    internal void ShareDiff(Blob other)
    {
        CheckLength(other.Count, "ShareDiff");
        diff = other.diff;
    }

    private void CheckLength(int length, string operation)
    {
        if (length != Count)
        {
            throw new ArgumentException($"{operation}: got {length} values for a blob of shape {ShapeString}.");
        }
    }

    private int[] CheckShape(int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        foreach (int size in newShape)
        {
            if (size < 0)
            {
                throw new ArgumentException($"Blob shape [{string.Join(", ", newShape)}] has a negative axis.");
            }
        }
        Count = ComputeCount(newShape);
        return (int[])newShape.Clone();
    }

    private static int ComputeCount(int[] shape)
    {
        long count = 1;
        foreach (int size in shape)
        {
            count *= size;
            if (count > int.MaxValue)
            {
                throw new ArgumentException($"Blob shape [{string.Join(", ", shape)}] has more than {int.MaxValue} elements.");
            }
        }
        return (int)count;
    }
}
