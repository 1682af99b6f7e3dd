using System.Diagnostics;

namespace ActorNet.MnistApp;

/// <summary>
/// Finds the Fashion-MNIST files: a --data folder, or the Debian package dataset-fashion-mnist, which
/// MnistApp installs itself when it runs as root and otherwise says exactly how to install.
/// </summary>
internal static class FashionMnistData
{
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";
    public const string DebianPackage = "dataset-fashion-mnist";

    /// <summary>The folder to read, or null after explaining on <paramref name="error"/> why there is none.</summary>
    public static string? Locate(string? dataFolder, TextWriter output, TextWriter error)
    {
        if (dataFolder is not null)
        {
            if (Directory.Exists(dataFolder)) return dataFolder;
            error.WriteLine($"MnistApp: data folder {dataFolder} does not exist (it should hold Fashion-MNIST's train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)");
            return null;
        }
        if (Directory.Exists(DefaultFolder)) return DefaultFolder;
        if (Environment.IsPrivilegedProcess)
        {
            output.WriteLine($"Fashion-MNIST is not in {DefaultFolder}; installing the Debian package {DebianPackage} ...");
            if (Install() && Directory.Exists(DefaultFolder)) return DefaultFolder;
            error.WriteLine($"MnistApp: `apt-get install -y {DebianPackage}` did not provide {DefaultFolder}; install it by hand or pass --data DIR");
            return null;
        }
        error.WriteLine($"MnistApp: Fashion-MNIST is not installed ({DefaultFolder} does not exist). Install it with `sudo apt-get install {DebianPackage}`, or pass --data DIR with its four IDX files.");
        return null;
    }

    private static bool Install()
    {
        try
        {
            using Process? apt = Process.Start(new ProcessStartInfo("apt-get", ["install", "-y", DebianPackage]));
            if (apt is null) return false;
            apt.WaitForExit();
            return apt.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
