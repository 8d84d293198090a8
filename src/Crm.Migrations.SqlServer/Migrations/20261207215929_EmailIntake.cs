using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class EmailIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Service_InboundEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MailboxId = table.Column<long>(type: "bigint", nullable: false),
                    MessageId = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    From = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    Recipients = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    TextBody = table.Column<string>(type: "nvarchar(max)", maxLength: 20000, nullable: false),
                    HtmlBody = table.Column<string>(type: "nvarchar(max)", maxLength: 200000, nullable: true),
                    SuppressAutoReply = table.Column<bool>(type: "bit", nullable: false),
                    CaseId = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    LastError = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_InboundEmails");
        }
    }
}
