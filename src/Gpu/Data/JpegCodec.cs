namespace ActorNet.Gpu;

/// <summary>
/// Decodes and encodes JPEGs with libjpeg-turbo's TurboJPEG API (Debian package <c>libturbojpeg0</c>).
/// Decoded images are 8-bit, interleaved height×width×3 in BGR order — what OpenCV's imread, and so Caffe's
/// convert_imageset, produce; grayscale and CMYK JPEGs are converted to BGR. One instance per thread (it
/// owns TurboJPEG handles); dispose it to free them.
/// </summary>
public sealed unsafe class JpegCodec : IDisposable
{
    /// <summary>The Debian package that provides libturbojpeg.so.0.</summary>
    public const string DebianPackage = "libturbojpeg0";

    private readonly TurboJpegNative.Api _api;
    private nint _decompressor, _compressor;

    private JpegCodec(TurboJpegNative.Api api)
    {
        _api = api;
        _decompressor = api.InitDecompress();
        if (_decompressor == 0) throw new InvalidOperationException("tjInitDecompress failed (out of memory?)");
    }

    /// <summary>Whether libturbojpeg can be loaded on this machine.</summary>
    public static bool IsAvailable => TurboJpegNative.Functions is not null;

    /// <summary>What to do when libturbojpeg is missing: the message <see cref="Create"/> fails with.</summary>
    public static string MissingLibraryMessage =>
        $"libjpeg-turbo's TurboJPEG library (libturbojpeg.so.0) is not installed: install the Debian package {DebianPackage} (`sudo apt-get install -y {DebianPackage}`, or scripts/install-native.sh)";

    /// <summary>A codec; a <see cref="DllNotFoundException"/> naming the package when libturbojpeg is missing.</summary>
    public static JpegCodec Create() => new(TurboJpegNative.Functions ?? throw new DllNotFoundException(MissingLibraryMessage));

    /// <summary>
    /// Decodes <paramref name="jpeg"/> into BGR pixels. Returns false with the library's reason in
    /// <paramref name="error"/> for data that is not a complete, valid JPEG (a decoder warning such as a
    /// premature end of data also counts: the image would be partly grey).
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> jpeg, out DecodedImage image, out string error)
    {
        ObjectDisposedException.ThrowIf(_decompressor == 0, this);
        image = default;
        int width, height, subsampling, colorspace;
        fixed (byte* source = jpeg)
        {
            if (jpeg.IsEmpty || _api.DecompressHeader3(_decompressor, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                error = jpeg.IsEmpty ? "the file is empty" : TurboJpegNative.LastError(_api, _decompressor);
                return false;
            }
            if (width <= 0 || height <= 0 || (long)width * height > 1 << 28)
            {
                error = $"implausible image size {width}x{height}";
                return false;
            }
            var pixels = new byte[(long)width * height * 3];
            fixed (byte* target = pixels)
            {
                if (_api.Decompress2(_decompressor, source, (nuint)jpeg.Length, target, width, 0, height, TurboJpegNative.PixelFormatBgr, 0) != 0)
                {
                    error = TurboJpegNative.LastError(_api, _decompressor);
                    return false;
                }
            }
            image = new DecodedImage(pixels, width, height);
        }
        error = "";
        return true;
    }

    /// <summary>Encodes interleaved BGR pixels (height×width×3) as a baseline JPEG with 4:4:4 sampling at <paramref name="quality"/> (1–100).</summary>
    public byte[] Encode(ReadOnlySpan<byte> bgr, int width, int height, int quality = 90)
    {
        ObjectDisposedException.ThrowIf(_decompressor == 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (bgr.Length != (long)width * height * 3) throw new ArgumentException($"a {width}x{height} BGR image has {(long)width * height * 3} bytes, got {bgr.Length}", nameof(bgr));
        if (_compressor == 0)
        {
            _compressor = _api.InitCompress();
            if (_compressor == 0) throw new InvalidOperationException("tjInitCompress failed (out of memory?)");
        }
        byte* output = null;
        nuint size = 0;
        fixed (byte* source = bgr)
        {
            if (_api.Compress2(_compressor, source, width, 0, height, TurboJpegNative.PixelFormatBgr, &output, &size, TurboJpegNative.Subsampling444, quality, 0) != 0)
            {
                string reason = TurboJpegNative.LastError(_api, _compressor);
                if (output != null) _api.Free(output);
                throw new InvalidOperationException($"tjCompress2 failed: {reason}");
            }
        }
        try
        {
            return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
        }
        finally
        {
            _api.Free(output);
        }
    }

    /// <summary>Frees the TurboJPEG handles.</summary>
    public void Dispose()
    {
        if (_decompressor != 0) _api.Destroy(_decompressor);
        if (_compressor != 0) _api.Destroy(_compressor);
        _decompressor = _compressor = 0;
    }
}
