using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceTelephonyAndEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Service_InboundEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MailboxId = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Recipients = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: true),
                    SuppressAutoReply = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_InboundEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_InboundEmails_Service_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Service_Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_Mailboxes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    ImapHost = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    ImapPort = table.Column<int>(type: "INTEGER", nullable: false),
                    ImapSecurity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ImapUser = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ImapPasswordCipher = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Folder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SmtpHost = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    SmtpPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SmtpUser = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SmtpPasswordCipher = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    QueueId = table.Column<long>(type: "INTEGER", nullable: true),
                    IsEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Mailboxes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_OutboundEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    MailboxId = table.Column<long>(type: "INTEGER", nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InReplyTo = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    References = table.Column<string>(type: "TEXT", maxLength: 3010, nullable: true),
                    Delivery = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_OutboundEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_OutboundEmails_Service_CaseEntries_CaseEntryId",
                        column: x => x.CaseEntryId,
                        principalTable: "Service_CaseEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Service_OutboundEmails_Service_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Service_Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_PhoneSystems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Authentication = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_PhoneSystems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_PhoneCalls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PhoneSystemId = table.Column<long>(type: "INTEGER", nullable: false),
                    CallId = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    FromNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ToNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    QueueId = table.Column<long>(type: "INTEGER", nullable: true),
                    RoutedBy = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    CallBackPending = table.Column<bool>(type: "INTEGER", nullable: false),
                    CalledBackAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_PhoneCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_PhoneCalls_Service_PhoneSystems_PhoneSystemId",
                        column: x => x.PhoneSystemId,
                        principalTable: "Service_PhoneSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Service_PhoneExtensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PhoneSystemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Extension = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_PhoneExtensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_PhoneExtensions_Service_PhoneSystems_PhoneSystemId",
                        column: x => x.PhoneSystemId,
                        principalTable: "Service_PhoneSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_PhoneQueueNumbers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PhoneSystemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    QueueId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_PhoneQueueNumbers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_PhoneQueueNumbers_Service_PhoneSystems_PhoneSystemId",
                        column: x => x.PhoneSystemId,
                        principalTable: "Service_PhoneSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Service_PhoneQueueNumbers_Service_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Service_Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Service_InboundEmails_CaseId",
                table: "Service_InboundEmails",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_InboundEmails_From_ReceivedAtUtc",
                table: "Service_InboundEmails",
                columns: new[] { "From", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_InboundEmails_MessageId",
                table: "Service_InboundEmails",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Mailboxes_Address",
                table: "Service_Mailboxes",
                column: "Address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Mailboxes_Name",
                table: "Service_Mailboxes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_OutboundEmails_CaseEntryId",
                table: "Service_OutboundEmails",
                column: "CaseEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_OutboundEmails_CaseId",
                table: "Service_OutboundEmails",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_OutboundEmails_Delivery_NextAttemptAtUtc",
                table: "Service_OutboundEmails",
                columns: new[] { "Delivery", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_OutboundEmails_MessageId",
                table: "Service_OutboundEmails",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_AgentId_CallBackPending",
                table: "Service_PhoneCalls",
                columns: new[] { "AgentId", "CallBackPending" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_AgentId_StartedAtUtc",
                table: "Service_PhoneCalls",
                columns: new[] { "AgentId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_CustomerId",
                table: "Service_PhoneCalls",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_CustomerNumber_CallBackPending",
                table: "Service_PhoneCalls",
                columns: new[] { "CustomerNumber", "CallBackPending" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_PhoneSystemId_CallId",
                table: "Service_PhoneCalls",
                columns: new[] { "PhoneSystemId", "CallId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneCalls_StartedAtUtc",
                table: "Service_PhoneCalls",
                column: "StartedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneExtensions_PhoneSystemId_Extension",
                table: "Service_PhoneExtensions",
                columns: new[] { "PhoneSystemId", "Extension" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneQueueNumbers_PhoneSystemId_Number",
                table: "Service_PhoneQueueNumbers",
                columns: new[] { "PhoneSystemId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneQueueNumbers_QueueId",
                table: "Service_PhoneQueueNumbers",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneSystems_Key",
                table: "Service_PhoneSystems",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_PhoneSystems_Name",
                table: "Service_PhoneSystems",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_InboundEmails");

            migrationBuilder.DropTable(
                name: "Service_Mailboxes");

            migrationBuilder.DropTable(
                name: "Service_OutboundEmails");

            migrationBuilder.DropTable(
                name: "Service_PhoneCalls");

            migrationBuilder.DropTable(
                name: "Service_PhoneExtensions");

            migrationBuilder.DropTable(
                name: "Service_PhoneQueueNumbers");

            migrationBuilder.DropTable(
                name: "Service_PhoneSystems");
        }
    }
}
