package org.gridwatch.geodata;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fictional Chinese names built from syllable lists: communities (社区), people, streets, and Chinese
 * numerals. All choices come from the caller's {@link SplittableRandom}, so names are deterministic.
 * Not thread-safe (the unique-name pools remember what they handed out).
 */
final class ChineseNames {

    private static final String[] COMMUNITY_FIRST = {
        "锦", "和", "幸", "华", "翠", "福", "安", "康", "新", "民", "金", "玉", "桂", "松", "竹", "梅",
        "兰", "莲", "荷", "春", "泰", "瑞", "祥", "嘉", "振", "德", "兴", "丰", "荔", "凤"};
    private static final String[] COMMUNITY_SECOND = {
        "绣", "平", "福", "康", "苑", "园", "林", "湖", "岭", "庭", "景", "城", "盛", "宁", "裕", "华",
        "田", "山", "湾", "源"};

    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
        "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾"};
    private static final String[] GIVEN_NAMES = {
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
        "超", "秀英", "华", "平", "刚", "桂英", "建华", "志强", "晓燕", "海燕", "国庆", "红梅", "文博",
        "子涵", "玉兰", "建国", "丽娟", "永红", "晓明", "嘉怡", "俊杰", "雪梅", "志刚", "丹"};

    private static final String[] STREET_WORDS = {
        "建设", "人民", "幸福", "和平", "解放", "新华", "光明", "朝阳", "文化", "学府", "翠竹", "锦绣",
        "凤凰", "振兴", "东园", "南湖", "花园", "友谊", "胜利", "团结", "青年", "红岭", "莲花", "桂园",
        "松岭", "枫林", "海滨", "滨河", "东门", "西乡", "北环", "南山", "荔枝", "榕树", "木棉", "紫荆",
        "民生", "富强", "长兴", "永安", "泰然", "华富", "景田", "香蜜", "梅林", "石厦", "沙尾", "上步",
        "园岭", "八卦", "笋岗", "黄木", "岗厦", "福民", "皇岗", "益田", "福华", "金田", "彩田", "新洲"};
    private static final String[] STREET_DIRECTIONS = {"", "东", "西", "南", "北", "中"};

    private static final String[] DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    private final Set<String> usedStreetNames = new HashSet<>();
    private final Set<String> usedCommunityNames = new HashSet<>();

    /** A community name such as "锦绣社区", unique among the names this instance returned. */
    String uniqueCommunity(SplittableRandom random) {
        for (int attempt = 0; attempt < 200; attempt++) {
            String name = pick(COMMUNITY_FIRST, random) + pick(COMMUNITY_SECOND, random);
            if (name.charAt(0) != name.charAt(1) && usedCommunityNames.add(name)) {
                return name + "社区";
            }
        }
        // Beyond a few hundred communities the pairs run out: number them ("锦绣二社区").
        for (int n = 2; ; n++) {
            String name = pick(COMMUNITY_FIRST, random) + pick(COMMUNITY_SECOND, random) + numeral(n);
            if (usedCommunityNames.add(name)) {
                return name + "社区";
            }
        }
    }

    /** A person's name: one surname and a one- or two-character given name. Not unique. */
    static String person(SplittableRandom random) {
        return pick(SURNAMES, random) + pick(GIVEN_NAMES, random);
    }

    /** An 11-digit mainland mobile number starting 13x, 15x or 18x. Not unique. */
    static String mobilePhone(SplittableRandom random) {
        StringBuilder phone = new StringBuilder(11);
        int network = random.nextInt(3);
        phone.append(network == 0 ? "13" : network == 1 ? "15" : "18");
        // 154 is not allocated to mobile networks.
        int third = network == 1 ? new int[]{0, 1, 2, 3, 5, 6, 7, 8, 9}[random.nextInt(9)] : random.nextInt(10);
        phone.append(third);
        for (int i = 0; i < 8; i++) {
            phone.append(random.nextInt(10));
        }
        return phone.toString();
    }

    /**
     * A street name such as "建设路", "人民北路" or "幸福大道", unique among the street names this
     * instance returned; {@code suffix} is the kind ("路", "街", "大道").
     */
    String uniqueStreet(SplittableRandom random, String suffix) {
        for (int attempt = 0; attempt < 100; attempt++) {
            String direction = attempt < 10 ? "" : pick(STREET_DIRECTIONS, random);
            String name = pick(STREET_WORDS, random) + direction + suffix;
            if (usedStreetNames.add(name)) {
                return name;
            }
        }
        // Pool exhausted (big cities): ordinal roads such as "建设三路" are common in real cities too.
        for (int n = 1; ; n++) {
            String name = pick(STREET_WORDS, random) + numeral(n) + suffix;
            if (usedStreetNames.add(name)) {
                return name;
            }
        }
    }

    /** The name of the {@code ordinal}-th lane off a street: "建设路三巷". */
    static String lane(String streetName, int ordinal) {
        return streetName + numeral(ordinal) + "巷";
    }

    /** A Chinese numeral for 1 to 99 ("三", "十二", "四十"); larger numbers in Arabic digits. */
    static String numeral(int n) {
        if (n < 1 || n > 99) {
            return Integer.toString(n);
        }
        if (n < 10) {
            return DIGITS[n];
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : DIGITS[tens]) + "十" + (ones == 0 ? "" : DIGITS[ones]);
    }

    private static String pick(String[] options, SplittableRandom random) {
        return options[random.nextInt(options.length)];
    }
}
