namespace Crm.Kernel;

/// <summary>The channels over which a customer and the company are in contact.</summary>
public enum Channel
{
    Phone,
    Fax,
    Email,
    Web,
    Chat,
    Sms,
    Letter,
    FaceToFace,
    Other,
}
