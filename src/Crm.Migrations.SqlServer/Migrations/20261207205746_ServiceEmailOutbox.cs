using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceEmailOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Service_Mailboxes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    ImapHost = table.Column<string>(type: "nvarchar(253)", maxLength: 253, nullable: false),
                    ImapPort = table.Column<int>(type: "int", nullable: false),
                    ImapSecurity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ImapUser = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ImapPasswordCipher = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Folder = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SmtpHost = table.Column<string>(type: "nvarchar(253)", maxLength: 253, nullable: false),
                    SmtpPort = table.Column<int>(type: "int", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SmtpUser = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    SmtpPasswordCipher = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    QueueId = table.Column<long>(type: "bigint", nullable: true),
                    IsEnabled = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Mailboxes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_OutboundEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    CaseEntryId = table.Column<long>(type: "bigint", nullable: true),
                    MailboxId = table.Column<long>(type: "bigint", nullable: false),
                    To = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "nvarchar(max)", maxLength: 40000, nullable: false),
                    MessageId = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    InReplyTo = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    References = table.Column<string>(type: "nvarchar(3010)", maxLength: 3010, nullable: true),
                    Delivery = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    QueuedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_Mailboxes");

            migrationBuilder.DropTable(
                name: "Service_OutboundEmails");
        }
    }
}
