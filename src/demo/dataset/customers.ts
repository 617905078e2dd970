/**
 * Demo people who are also 한빛은행 customers and registered their social accounts with the bank, with
 * consent (in the bank's app: "connect my social accounts so you can answer me there"). The demo seeds
 * them as customers and links every channel identity of theirs that has appeared, so the network's
 * influencer list shows each of them once, with all their channels (docs/demo.md, docs/network.md).
 * All fictional: customer numbers, names and products were made up for Sotong.
 */
export interface DemoCustomer {
  /** DemoAuthor.id of the person. */
  author: string;
  /** The bank's customer number. */
  externalId: string;
  name: string;
  segment: string;
  products: string[];
}

export const demoCustomers: readonly DemoCustomer[] = [
  { author: 'moneytalk_kim', externalId: 'HB-20190412', name: '김도윤', segment: 'VIP', products: ['입출금통장', '신용카드', 'ISA'] },
  { author: 'sam_in_seoul', externalId: 'HB-20210307', name: 'Samuel Carter', segment: '외국인', products: ['입출금통장', '체크카드'] },
  { author: 'juhyun_fin', externalId: 'HB-20170925', name: '이주현', segment: '자산관리', products: ['입출금통장', '적금', 'ISA'] },
  { author: 'yuna_travels', externalId: 'HB-20200118', name: '최유나', segment: '개인', products: ['입출금통장', '신용카드'] },
  { author: 'jiyoon_p', externalId: 'HB-20220603', name: '박지윤', segment: '개인', products: ['입출금통장', '체크카드'] },
  { author: 'dev_hyunwoo', externalId: 'HB-20180830', name: '정현우', segment: '개인', products: ['입출금통장', '전세대출'] },
  { author: 'techjun', externalId: 'HB-20160211', name: '윤준호', segment: 'VIP', products: ['입출금통장', '신용카드', '적금'] },
  { author: 'mike_in_busan', externalId: 'HB-20230514', name: 'Michael Turner', segment: '외국인', products: ['입출금통장', '체크카드'] },
  { author: 'ben_nomad', externalId: 'HB-20240108', name: 'Benjamin Alvarez', segment: '외국인', products: ['입출금통장', '해외송금'] },
];
