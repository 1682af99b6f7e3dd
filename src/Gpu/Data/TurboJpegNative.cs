using System.Runtime.InteropServices;

namespace ActorNet.Gpu;

/// <summary>
/// The TurboJPEG C API of libjpeg-turbo (libturbojpeg.so.0, Debian package libturbojpeg0), bound at run
/// time through <see cref="NativeLibrary"/> so that a machine without it fails with a message naming the
/// package instead of a <see cref="DllNotFoundException"/> at the first call. Uses the TurboJPEG 2 entry
/// points, which libjpeg-turbo 3 still exports. TurboJPEG reports errors through return codes (its error
/// handler longjmps back into the library), so a corrupt JPEG never ends the process.
/// </summary>
internal static unsafe class TurboJpegNative
{
    public const int PixelFormatBgr = 1;   // TJPF_BGR: OpenCV's (and so Caffe's) channel order
    public const int Subsampling444 = 0;   // TJSAMP_444

    private static readonly string[] Names = ["libturbojpeg.so.0", "libturbojpeg.so", "turbojpeg", "libturbojpeg.0.dylib", "turbojpeg.dll"];
    private static readonly Lazy<Api?> Loaded = new(Load);

    public static Api? Functions => Loaded.Value;

    /// <summary>The entry points used; each is a TurboJPEG function of the same name.</summary>
    internal sealed class Api
    {
        public delegate* unmanaged<nint> InitDecompress;
        public delegate* unmanaged<nint> InitCompress;
        public delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> DecompressHeader3;
        public delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> Decompress2;
        public delegate* unmanaged<nint, byte*, int, int, int, int, byte**, nuint*, int, int, int, int> Compress2;
        public delegate* unmanaged<byte*, void> Free;
        public delegate* unmanaged<nint, int> Destroy;
        public delegate* unmanaged<nint, byte*> GetErrorStr2;
    }

    /// <summary>The message of the last error on <paramref name="handle"/>.</summary>
    public static string LastError(Api api, nint handle) => Marshal.PtrToStringUTF8((nint)api.GetErrorStr2(handle)) ?? "unknown TurboJPEG error";

    private static Api? Load()
    {
        foreach (string name in Names)
        {
            if (!NativeLibrary.TryLoad(name, typeof(TurboJpegNative).Assembly, null, out nint library)) continue;
            var api = new Api();
            if (Export(library, "tjInitDecompress", out nint a) && Export(library, "tjInitCompress", out nint b)
                && Export(library, "tjDecompressHeader3", out nint c) && Export(library, "tjDecompress2", out nint d)
                && Export(library, "tjCompress2", out nint e) && Export(library, "tjFree", out nint f)
                && Export(library, "tjDestroy", out nint g) && Export(library, "tjGetErrorStr2", out nint h))
            {
                api.InitDecompress = (delegate* unmanaged<nint>)a;
                api.InitCompress = (delegate* unmanaged<nint>)b;
                api.DecompressHeader3 = (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)c;
                api.Decompress2 = (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)d;
                api.Compress2 = (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, nuint*, int, int, int, int>)e;
                api.Free = (delegate* unmanaged<byte*, void>)f;
                api.Destroy = (delegate* unmanaged<nint, int>)g;
                api.GetErrorStr2 = (delegate* unmanaged<nint, byte*>)h;
                return api;
            }
            NativeLibrary.Free(library);
        }
        return null;
    }

    private static bool Export(nint library, string name, out nint address) => NativeLibrary.TryGetExport(library, name, out address);
}
