using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorNet.Gpu;

/// <summary>
/// Writes any message as protobuf text format, the way protobuf's TextFormat printer lays it out:
/// fields in field-number order (which is why Caffe's <c>layer</c>, number 100, comes last), two
/// spaces of indent per level, enums by name, floats in the shortest form that reads back exactly.
/// Only fields that are set are written, so parsing the output gives an equal message.
/// </summary>
public static class PrototxtWriter
{
    /// <summary>Formats <paramref name="message"/> as prototxt text.</summary>
    public static string Write(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        WriteFields(text, message, 0);
        return text.ToString();
    }

    private static void WriteFields(StringBuilder text, IMessage message, int depth)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsRepeated)
            {
                foreach (object item in (IList)field.Accessor.GetValue(message)) WriteField(text, field, item, depth);
            }
            else if (field.Accessor.HasValue(message))
            {
                WriteField(text, field, field.Accessor.GetValue(message), depth);
            }
        }
    }

    private static void WriteField(StringBuilder text, FieldDescriptor field, object value, int depth)
    {
        text.Append(' ', depth * 2).Append(field.Name);
        if (value is IMessage child)
        {
            text.Append(" {\n");
            WriteFields(text, child, depth + 1);
            text.Append(' ', depth * 2).Append("}\n");
            return;
        }
        text.Append(": ").Append(FormatScalar(field, value)).Append('\n');
    }

    private static string FormatScalar(FieldDescriptor field, object value) => value switch
    {
        string s => Quote(Encoding.UTF8.GetBytes(s)),
        ByteString b => Quote(b.ToByteArray()),
        bool b => b ? "true" : "false",
        float f => FormatFloat(f),
        double d => FormatDouble(d),
        Enum e => field.EnumType.FindValueByNumber(Convert.ToInt32(e, CultureInfo.InvariantCulture))?.Name
                  ?? Convert.ToInt32(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatFloat(float f) =>
        float.IsNaN(f) ? "nan" : float.IsPositiveInfinity(f) ? "inf" : float.IsNegativeInfinity(f) ? "-inf"
        : f.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
        : d.ToString("R", CultureInfo.InvariantCulture);

    // Printable ASCII stays as is; everything else (including UTF-8 bytes) becomes an octal escape,
    // as protobuf's printer does, so the output is plain ASCII and reads back byte for byte.
    private static string Quote(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\'': text.Append("\\'"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case >= 0x20 and < 0x7f: text.Append((char)b); break;
                default: text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')); break;
            }
        }
        return text.Append('"').ToString();
    }
}
